package lazyartist.figures;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import lazyartist.attack.Cloak;
import lazyartist.data.Pixels;

/**
 * Attacked images, one row each: the clean image, then per attack the adversarial image and its
 * perturbation (grey is zero; stretched so that ±ε is black or white), captioned with predictions.
 */
public final class AttackGrid {

    private static final int SCALE = 3;
    private static final int TILE = Pixels.SIDE * SCALE;
    private static final int COLUMN = TILE + 16;
    private static final int ROW = TILE + 36;

    private AttackGrid() {}

    public static BufferedImage draw(String title, Cloak.Result result, int rows) {
        int n = Math.min(rows, result.targets().size());
        int columns = 1 + 2 * result.outcomes().size();
        BufferedImage img = Png.canvas(Math.max(20 + columns * COLUMN, 560), 56 + n * ROW);
        Graphics2D g = Png.graphics(img);
        g.setFont(Png.TITLE);
        g.drawString(title, 10, 20);
        g.setFont(Png.LABEL);
        Png.centred(g, "clean", 10 + TILE / 2, 44);
        for (int a = 0; a < result.outcomes().size(); a++) {
            String name = result.outcomes().get(a).attack();
            Png.centred(g, name, 10 + (1 + 2 * a) * COLUMN + TILE / 2, 44);
            Png.centred(g, name + " change", 10 + (2 + 2 * a) * COLUMN + TILE / 2, 44);
        }
        float eps = (float) result.plan().options().epsilon();
        int from = result.plan().options().from();
        int to = result.plan().options().to();
        double confidence = result.plan().options().settings().confidence();
        for (int r = 0; r < n; r++) {
            int y = 52 + r * ROW;
            float[] clean = planar(result.targets().clean(), r);
            g.drawImage(ProbeGrid.rgb(clean, 0), 10, y, TILE, TILE, null);
            g.setColor(Color.BLACK);
            Png.centred(g, String.format("%d (%.0f%%)", from, 100 * result.targets().cleanConfidence()[r]),
                    10 + TILE / 2, y + TILE + 14);
            for (int a = 0; a < result.outcomes().size(); a++) {
                Cloak.Outcome o = result.outcomes().get(a);
                float[] adv = planar(o.adversarial(), r);
                float[] change = new float[adv.length];
                for (int i = 0; i < adv.length; i++) {
                    change[i] = 0.5f + 0.5f * (adv[i] - clean[i]) / eps;
                }
                int x = 10 + (1 + 2 * a) * COLUMN;
                g.drawImage(ProbeGrid.rgb(adv, 0), x, y, TILE, TILE, null);
                g.drawImage(ProbeGrid.rgb(change, 0), x + COLUMN, y, TILE, TILE, null);
                boolean success = o.predicted()[r] == to && o.targetConfidence()[r] >= confidence;
                g.setColor(success ? new Color(0, 120, 0) : new Color(190, 0, 0));
                Png.centred(g, String.format("%d · p(%d) %.0f%%", o.predicted()[r], to,
                        100 * o.targetConfidence()[r]), x + TILE / 2, y + TILE + 14);
            }
        }
        g.dispose();
        return img;
    }

    /** Image k of uint8 HWC bytes as planar floats in [0, 1], as the grids draw them. */
    private static float[] planar(byte[] hwc, int k) {
        return Pixels.chw(java.util.Arrays.copyOfRange(hwc, k * Pixels.VALUES, (k + 1) * Pixels.VALUES));
    }
}
