package lazyartist.report;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import lazyartist.data.ColoredSplit;
import lazyartist.data.DatasetStore;


/** Grids of what channels see: one rendered image per channel, or each channel's top samples. */
public final class ProbeGrid {

    private static final int SCALE = 3;
    private static final int TILE = 28 * SCALE;
    private static final int COLUMNS = 8;

    private ProbeGrid() {}

    /** One tile per channel from N×3×28×28 images in [0, 1]. */
    public static BufferedImage draw(String title, float[] images, int[] channels) {
        int rows = (channels.length + COLUMNS - 1) / COLUMNS;
        BufferedImage img = Png.canvas(COLUMNS * (TILE + 8) + 16, 34 + rows * (TILE + 22));
        Graphics2D g = Png.graphics(img);
        g.setFont(Png.TITLE);
        g.drawString(title, 10, 20);
        g.setFont(Png.LABEL);
        for (int k = 0; k < channels.length; k++) {
            int x = 8 + (k % COLUMNS) * (TILE + 8);
            int y = 30 + (k / COLUMNS) * (TILE + 22);
            g.drawImage(rgb(images, k), x, y, TILE, TILE, null);
            g.setColor(Color.BLACK);
            Png.centred(g, "ch " + channels[k], x + TILE / 2, y + TILE + 14);
        }
        g.dispose();
        return img;
    }

    /** One row per channel: its label and purities, then its top samples. */
    public static BufferedImage topSamples(String title, ColoredSplit split, java.util.List<int[]> tops,
            java.util.List<String> captions, int shown) {
        int tile = 28 * 2;
        int left = 290;
        BufferedImage img = Png.canvas(left + shown * (tile + 4) + 10, 34 + tops.size() * (tile + 6));
        Graphics2D g = Png.graphics(img);
        g.setFont(Png.TITLE);
        g.drawString(title, 10, 20);
        g.setFont(Png.LABEL);
        for (int r = 0; r < tops.size(); r++) {
            int y = 30 + r * (tile + 6);
            g.setColor(Color.BLACK);
            g.drawString(captions.get(r), 10, y + tile / 2 + 4);
            int[] top = tops.get(r);
            for (int k = 0; k < Math.min(shown, top.length); k++) {
                g.drawImage(DatasetStore.toImage(split, top[k]), left + k * (tile + 4), y, tile, tile, null);
            }
        }
        g.dispose();
        return img;
    }

    private static BufferedImage rgb(float[] images, int k) {
        BufferedImage out = new BufferedImage(28, 28, BufferedImage.TYPE_INT_RGB);
        int base = k * 3 * 784;
        for (int p = 0; p < 784; p++) {
            int rgb = 0;
            for (int c = 0; c < 3; c++) {
                int v = Math.round(255 * Math.min(1, Math.max(0, images[base + c * 784 + p])));
                rgb = rgb << 8 | v;
            }
            out.setRGB(p % 28, p / 28, rgb);
        }
        return out;
    }

}
