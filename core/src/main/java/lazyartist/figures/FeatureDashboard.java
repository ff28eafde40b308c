package lazyartist.figures;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;
import lazyartist.data.ColoredSplit;
import lazyartist.data.DatasetStore;
import lazyartist.data.Palette;
import lazyartist.data.Pixels;
import lazyartist.decompose.Feature;

/**
 * A dashboard of dictionary features: per row, a feature's rendered decoder direction (framed), its
 * top-activating digits and its logit effect.
 */
public final class FeatureDashboard {

    private static final int TILE = Pixels.SIDE * 2;
    private static final int SHOWN = 8;
    private static final int LEFT = 280;
    private static final int BAR_WIDTH = 14;
    private static final int CHART = 10 * (BAR_WIDTH + 4) + 10;

    private FeatureDashboard() {}

    /**
     * @param rendered each shown feature's rendered decoder direction (absent: no picture)
     * @param fireMaps for position tokens, each shown feature's 28×28 fire map on each of its top digits
     *     (absent: none drawn), as a spotlight on the digit where it fires
     */
    public static BufferedImage draw(String title, List<Feature> features, java.util.Map<Integer, float[]> rendered,
            java.util.Map<Integer, float[]> fireMaps, ColoredSplit hard, Palette palette) {
        int width = LEFT + (SHOWN + 1) * (TILE + 4) + 8 + CHART + 20;
        BufferedImage img = Png.canvas(width, 40 + Math.max(1, features.size()) * (TILE + 10));
        Graphics2D g = Png.graphics(img);
        g.setFont(Png.TITLE);
        g.drawString(title, 10, 20);
        g.setFont(Png.LABEL);
        if (features.isEmpty()) {
            g.drawString("no feature carries this label", 10, 50);
        }
        for (int r = 0; r < features.size(); r++) {
            Feature f = features.get(r);
            int y = 32 + r * (TILE + 10);
            g.setColor(Color.BLACK);
            g.drawString("feature " + f.index() + " · " + f.label(), 10, y + 14);
            g.drawString(String.format(Locale.ROOT, "colour %.0f%% %s, digit %.0f%% (%d)", 100 * f.colourPurity(),
                    palette.get(f.commonColour()).name(), 100 * f.digitPurity(), f.commonDigit()), 10, y + 30);
            g.drawString(String.format(Locale.ROOT, "fires on %.2f%% of tokens; promotes %d", 100 * f.density(),
                    f.promotes()), 10, y + 46);
            float[] picture = rendered.get(f.index());
            if (picture != null) {
                g.drawImage(ProbeGrid.rgb(picture, 0), LEFT, y, TILE, TILE, null);
                g.setColor(Color.DARK_GRAY);
                g.drawRect(LEFT - 1, y - 1, TILE + 1, TILE + 1);
            }
            int digits = LEFT + TILE + 12;
            for (int k = 0; k < Math.min(SHOWN, f.top().length); k++) {
                g.drawImage(DatasetStore.toImage(hard, f.top()[k]), digits + k * (TILE + 4), y, TILE, TILE, null);
                float[] map = fireMaps.get(f.index());
                if (map != null) {
                    where(g, map, k, digits + k * (TILE + 4), y);
                }
            }
            bars(g, f.logitEffect(), digits + SHOWN * (TILE + 4) + 10, y, TILE);
        }
        g.dispose();
        return img;
    }

    /**
     * Where the feature fires on top digit k: a spotlight from its 28×28 fire map, the digit darkened
     * where the activation is weak against the feature's largest on any of its top digits (a tint
     * would vanish on a background of its own colour).
     */
    private static void where(Graphics2D g, float[] map, int k, int x, int y) {
        float max = 1e-6f;
        for (float v : map) {
            max = Math.max(max, v);
        }
        int scale = TILE / Pixels.SIDE;
        for (int p = 0; p < Pixels.PIXELS; p++) {
            float strength = Math.min(1, Math.max(0, map[k * Pixels.PIXELS + p]) / max);
            g.setColor(new Color(0, 0, 0, Math.round(190 * (1 - strength))));
            g.fillRect(x + (p % Pixels.SIDE) * scale, y + (p / Pixels.SIDE) * scale, scale, scale);
        }
    }

    /** The logit effect per digit: bars up (green) or down (red) from a middle line, scaled to the largest. */
    private static void bars(Graphics2D g, float[] effect, int x, int y, int height) {
        float max = 1e-6f;
        for (float e : effect) {
            max = Math.max(max, Math.abs(e));
        }
        int mid = y + (height - 12) / 2;
        int half = (height - 12) / 2;
        g.setColor(Color.GRAY);
        g.drawLine(x, mid, x + 10 * (BAR_WIDTH + 4), mid);
        for (int d = 0; d < effect.length; d++) {
            int h = Math.round(Math.abs(effect[d]) / max * half);
            int bx = x + d * (BAR_WIDTH + 4);
            g.setColor(effect[d] >= 0 ? new Color(40, 150, 60) : new Color(200, 50, 40));
            g.fillRect(bx, effect[d] >= 0 ? mid - h : mid, BAR_WIDTH, Math.max(1, h));
            g.setColor(Color.BLACK);
            Png.centred(g, Integer.toString(d), bx + BAR_WIDTH / 2, y + height + 2);
        }
    }
}
