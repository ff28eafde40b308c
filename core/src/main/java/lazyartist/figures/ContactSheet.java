package lazyartist.figures;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import lazyartist.data.ColoredSplit;
import lazyartist.data.DatasetStore;
import lazyartist.data.Palette;
import lazyartist.data.Pixels;

/** A grid with a row per digit and a column per palette colour, one real sample in each cell. */
public final class ContactSheet {

    private static final int SCALE = 3;
    private static final int CELL = Pixels.SIDE * SCALE + 6;
    private static final int LEFT = 60;
    private static final int TOP = 58;

    private ContactSheet() {}

    /** Draws the sheet from the first sample of each (digit, colour) pair in the split. */
    public static BufferedImage draw(ColoredSplit split, Palette palette, String title) {
        int[][] first = new int[Palette.SIZE][Palette.SIZE];
        for (int[] row : first) {
            java.util.Arrays.fill(row, -1);
        }
        for (int i = 0; i < split.size(); i++) {
            if (first[split.labels()[i]][split.colours()[i]] < 0) {
                first[split.labels()[i]][split.colours()[i]] = i;
            }
        }
        BufferedImage img = Png.canvas(LEFT + Palette.SIZE * CELL + 10, TOP + Palette.SIZE * CELL + 10);
        Graphics2D g = Png.graphics(img);
        g.setFont(Png.TITLE);
        g.drawString(title, 10, 18);
        g.setFont(Png.LABEL);
        for (int c = 0; c < Palette.SIZE; c++) {
            int[] rgb = palette.get(c).rgb();
            int x = LEFT + c * CELL;
            g.setColor(new Color(rgb[0], rgb[1], rgb[2]));
            g.fillRect(x + 3, TOP - 14, CELL - 6, 8);
            g.setColor(Color.BLACK);
            Png.centred(g, c + " " + palette.get(c).name(), x + CELL / 2, TOP - 20);
        }
        for (int d = 0; d < Palette.SIZE; d++) {
            int y = TOP + d * CELL;
            g.setColor(Color.BLACK);
            g.drawString("digit " + d, 8, y + CELL / 2 + 4);
            for (int c = 0; c < Palette.SIZE; c++) {
                int x = LEFT + c * CELL + 3;
                if (first[d][c] >= 0) {
                    g.drawImage(DatasetStore.toImage(split, first[d][c]), x, y + 3, Pixels.SIDE * SCALE, Pixels.SIDE * SCALE, null);
                } else {
                    g.setColor(new Color(235, 235, 235));
                    g.fillRect(x, y + 3, Pixels.SIDE * SCALE, Pixels.SIDE * SCALE);
                }
                if (c == d) {
                    g.setColor(Color.BLACK);
                    g.drawRect(x - 2, y + 1, Pixels.SIDE * SCALE + 3, Pixels.SIDE * SCALE + 3);
                }
            }
        }
        g.dispose();
        return img;
    }

    /** Draws and writes the sheet. */
    public static void write(Path file, ColoredSplit split, Palette palette, String title) {
        Png.write(file, draw(split, palette, title));
    }
}
