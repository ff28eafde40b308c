package lazyartist.figures;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;
import lazyartist.data.ColoredSplit;
import lazyartist.data.DatasetStore;
import lazyartist.data.Palette;
import lazyartist.data.Pixels;
import lazyartist.model.Predictions;

/** Captioned samples in a grid: image, true digit, colour worn, prediction and confidence. */
public final class ProofGrid {

    private static final int SCALE = 4;
    private static final int COLUMNS = 4;
    private static final int TILE_W = Pixels.SIDE * SCALE + 60;
    private static final int TILE_H = Pixels.SIDE * SCALE + 44;

    private ProofGrid() {}

    public static BufferedImage draw(String title, ColoredSplit split, Predictions predictions, List<Integer> indices,
            Palette palette) {
        int rows = Math.max(1, (indices.size() + COLUMNS - 1) / COLUMNS);
        BufferedImage img = Png.canvas(COLUMNS * TILE_W + 20, rows * TILE_H + 40);
        Graphics2D g = Png.graphics(img);
        g.setFont(Png.TITLE);
        g.drawString(title, 10, 20);
        g.setFont(Png.LABEL);
        if (indices.isEmpty()) {
            g.drawString("no such sample in this split", 10, 50);
        }
        for (int k = 0; k < indices.size(); k++) {
            int i = indices.get(k);
            int x = 10 + (k % COLUMNS) * TILE_W;
            int y = 32 + (k / COLUMNS) * TILE_H;
            g.drawImage(DatasetStore.toImage(split, i), x + 30, y, Pixels.SIDE * SCALE, Pixels.SIDE * SCALE, null);
            g.setColor(Color.BLACK);
            String colour = palette.get(split.colours()[i]).name();
            Png.centred(g, String.format("true %d, wears %s", split.labels()[i], colour), x + 30 + 14 * SCALE,
                    y + Pixels.SIDE * SCALE + 15);
            g.setColor(predictions.predicted()[i] == split.labels()[i] ? new Color(0, 120, 0) : new Color(190, 0, 0));
            Png.centred(g, String.format("predicted %d (%.0f%%)", predictions.predicted()[i],
                    100 * predictions.confidence()[i]), x + 30 + 14 * SCALE, y + Pixels.SIDE * SCALE + 30);
        }
        g.dispose();
        return img;
    }
}
