package lazyartist.figures;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;
import lazyartist.attack.Norm;
import lazyartist.attack.Outcome;
import lazyartist.attack.Targets;
import lazyartist.data.Pixels;

/**
 * Attacked images, one row each: the clean image, then per attack the adversarial image and its
 * perturbation (grey is zero), captioned with predictions.
 */
public final class AttackGrid {

    private static final int SCALE = 3;
    private static final int TILE = Pixels.SIDE * SCALE;
    private static final int COLUMN = TILE + 16;
    private static final int ROW = TILE + 36;

    private AttackGrid() {}

    /**
     * One row per attacked image (at most {@code rows}): the clean image, then per outcome the saved
     * adversarial image and its change, stretched so that ±ε (L∞) or the row's largest change (L2) is
     * black or white.
     */
    public static BufferedImage draw(String title, Targets targets, List<Outcome> outcomes, Norm norm, double epsilon,
            int to, int rows) {
        int n = Math.min(rows, targets.size());
        int columns = 1 + 2 * outcomes.size();
        BufferedImage img = Png.canvas(Math.max(20 + columns * COLUMN, 560), 56 + n * ROW);
        Graphics2D g = Png.graphics(img);
        g.setFont(Png.TITLE);
        g.drawString(title, 10, 20);
        g.setFont(Png.LABEL);
        Png.centred(g, "clean", 10 + TILE / 2, 44);
        for (int a = 0; a < outcomes.size(); a++) {
            String name = outcomes.get(a).attack();
            Png.centred(g, name, 10 + (1 + 2 * a) * COLUMN + TILE / 2, 44);
            Png.centred(g, name + " change", 10 + (2 + 2 * a) * COLUMN + TILE / 2, 44);
        }
        for (int r = 0; r < n; r++) {
            int y = 52 + r * ROW;
            float[] clean = planar(targets.clean(), r);
            g.drawImage(ProbeGrid.rgb(clean, 0), 10, y, TILE, TILE, null);
            g.setColor(Color.BLACK);
            Png.centred(g, String.format("%d (%.0f%%)", targets.labels()[r], 100 * targets.cleanConfidence()[r]),
                    10 + TILE / 2, y + TILE + 14);
            for (int a = 0; a < outcomes.size(); a++) {
                Outcome o = outcomes.get(a);
                float[] adv = planar(o.adversarial(), r);
                float stretch = (float) epsilon;
                if (norm == Norm.L2) {
                    stretch = 1e-6f;
                    for (int i = 0; i < adv.length; i++) {
                        stretch = Math.max(stretch, Math.abs(adv[i] - clean[i]));
                    }
                }
                float[] change = new float[adv.length];
                for (int i = 0; i < adv.length; i++) {
                    change[i] = 0.5f + 0.5f * (adv[i] - clean[i]) / stretch;
                }
                int x = 10 + (1 + 2 * a) * COLUMN;
                g.drawImage(ProbeGrid.rgb(adv, 0), x, y, TILE, TILE, null);
                g.drawImage(ProbeGrid.rgb(change, 0), x + COLUMN, y, TILE, TILE, null);
                boolean ran = o.attacked() == null || o.attacked()[r];
                g.setColor(o.fooled()[r] ? new Color(0, 120, 0) : ran ? new Color(190, 0, 0) : Color.GRAY);
                Png.centred(g, ran ? String.format("%d · p(%d) %.0f%%", o.predicted()[r], to,
                        100 * o.targetConfidence()[r]) : "fooled before", x + TILE / 2, y + TILE + 14);
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
