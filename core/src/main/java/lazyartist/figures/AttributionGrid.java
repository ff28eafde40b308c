package lazyartist.figures;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import lazyartist.data.ColoredSplit;
import lazyartist.data.DatasetStore;
import lazyartist.data.Palette;
import lazyartist.data.Pixels;

/** Rows of image | heatmap | overlay, captioned with truth, colour, prediction and confidence. */
public final class AttributionGrid {

    private static final int SCALE = 4;
    private static final int SIDE = Pixels.SIDE * SCALE;
    private static final int GAP = 8;
    private static final int CAPTION = 200;
    /** Anchors of a dark-to-bright colour map (black, purple, orange, pale yellow), like "magma". */
    private static final int[][] RAMP = {{0, 0, 4}, {80, 18, 123}, {183, 55, 121}, {252, 137, 97}, {252, 253, 191}};

    private AttributionGrid() {}

    /**
     * Draws one row per sample. {@code maps} holds a 28×28 map per row, in the order of
     * {@code samples}; each map is scaled to its own positive maximum.
     */
    public static BufferedImage draw(String title, ColoredSplit split, int[] samples, float[] maps, int[] predicted,
            float[] confidence, Palette palette) {
        int width = CAPTION + 3 * (SIDE + GAP) + 10;
        BufferedImage img = Png.canvas(width, 50 + samples.length * (SIDE + GAP));
        Graphics2D g = Png.graphics(img);
        g.setFont(Png.TITLE);
        g.drawString(title, 10, 20);
        g.setFont(Png.LABEL);
        Png.centred(g, "image", CAPTION + SIDE / 2, 42);
        Png.centred(g, "attribution", CAPTION + SIDE + GAP + SIDE / 2, 42);
        Png.centred(g, "overlay", CAPTION + 2 * (SIDE + GAP) + SIDE / 2, 42);
        for (int r = 0; r < samples.length; r++) {
            int i = samples[r];
            int y = 48 + r * (SIDE + GAP);
            BufferedImage digit = DatasetStore.toImage(split, i);
            BufferedImage heat = heat(maps, r);
            g.drawImage(digit, CAPTION, y, SIDE, SIDE, null);
            g.drawImage(heat, CAPTION + SIDE + GAP, y, SIDE, SIDE, null);
            g.drawImage(overlay(digit, heat), CAPTION + 2 * (SIDE + GAP), y, SIDE, SIDE, null);
            g.setColor(Color.BLACK);
            g.drawString(String.format("true %d, wears %s", split.labels()[i], palette.get(split.colours()[i]).name()),
                    10, y + 40);
            g.setColor(predicted[r] == split.labels()[i] ? new Color(0, 120, 0) : new Color(190, 0, 0));
            g.drawString(String.format("predicted %d (%.0f%%)", predicted[r], 100 * confidence[r]), 10, y + 58);
        }
        g.dispose();
        return img;
    }

    /** One map as a 28×28 colour image, scaled to its positive maximum. */
    public static BufferedImage heat(float[] maps, int row) {
        float max = 0;
        for (int p = 0; p < Pixels.PIXELS; p++) {
            max = Math.max(max, maps[row * Pixels.PIXELS + p]);
        }
        BufferedImage out = new BufferedImage(Pixels.SIDE, Pixels.SIDE, BufferedImage.TYPE_INT_RGB);
        for (int p = 0; p < Pixels.PIXELS; p++) {
            float v = max == 0 ? 0 : Math.max(0, maps[row * Pixels.PIXELS + p]) / max;
            out.setRGB(p % Pixels.SIDE, p / Pixels.SIDE, ramp(v));
        }
        return out;
    }

    private static int ramp(float v) {
        float pos = v * (RAMP.length - 1);
        int k = Math.min((int) pos, RAMP.length - 2);
        float t = pos - k;
        int rgb = 0;
        for (int c = 0; c < 3; c++) {
            int value = Math.round(RAMP[k][c] * (1 - t) + RAMP[k + 1][c] * t);
            rgb = rgb << 8 | value;
        }
        return rgb;
    }

    private static BufferedImage overlay(BufferedImage digit, BufferedImage heat) {
        BufferedImage out = new BufferedImage(Pixels.SIDE, Pixels.SIDE, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < Pixels.SIDE; y++) {
            for (int x = 0; x < Pixels.SIDE; x++) {
                int a = digit.getRGB(x, y);
                int b = heat.getRGB(x, y);
                int rgb = 0;
                for (int shift = 16; shift >= 0; shift -= 8) {
                    int value = (((a >> shift) & 0xff) * 2 + ((b >> shift) & 0xff) * 3) / 5;
                    rgb = rgb << 8 | value;
                }
                out.setRGB(x, y, rgb);
            }
        }
        return out;
    }
}
