package lazyartist.figures;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import lazyartist.data.ColoredSplit;
import lazyartist.data.DatasetStore;
import lazyartist.data.Pixels;

/** Grids of what channels see: one rendered image per channel, or each channel's top samples. */
public final class ProbeGrid {

    private static final int SCALE = 3;
    private static final int TILE = Pixels.SIDE * SCALE;
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
        int tile = Pixels.SIDE * 2;
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

    /**
     * First-layer kernels (out×3×k×k): per filter an RGB tile (scaled symmetrically about grey) and
     * one tile per input channel in a blue-white-red map with one symmetric scale for the layer.
     */
    public static BufferedImage filters(String title, float[] weights, int filters, int kernel) {
        int tile = Math.max(36, kernel * 8);
        float max = 1e-12f;
        for (float w : weights) {
            max = Math.max(max, Math.abs(w));
        }
        BufferedImage img = Png.canvas(80 + 4 * (tile + 10), 54 + filters * (tile + 8));
        Graphics2D g = Png.graphics(img);
        g.setFont(Png.TITLE);
        g.drawString(title, 10, 20);
        g.setFont(Png.LABEL);
        String[] heads = {"RGB", "R", "G", "B"};
        for (int col = 0; col < 4; col++) {
            Png.centred(g, heads[col], 80 + col * (tile + 10) + tile / 2, 44);
        }
        int area = kernel * kernel;
        for (int f = 0; f < filters; f++) {
            int y = 50 + f * (tile + 8);
            g.setColor(Color.BLACK);
            g.drawString("filter " + f, 10, y + tile / 2 + 4);
            BufferedImage rgb = new BufferedImage(kernel, kernel, BufferedImage.TYPE_INT_RGB);
            float own = 1e-12f;
            for (int j = 0; j < 3 * area; j++) {
                own = Math.max(own, Math.abs(weights[f * 3 * area + j]));
            }
            for (int p = 0; p < area; p++) {
                int value = 0;
                for (int c = 0; c < 3; c++) {
                    float w = weights[(f * 3 + c) * area + p];
                    value = value << 8 | Math.round(255 * (0.5f + 0.5f * w / own));
                }
                rgb.setRGB(p % kernel, p / kernel, value);
            }
            g.drawImage(rgb, 80, y, tile, tile, null);
            for (int c = 0; c < 3; c++) {
                BufferedImage channel = new BufferedImage(kernel, kernel, BufferedImage.TYPE_INT_RGB);
                for (int p = 0; p < area; p++) {
                    channel.setRGB(p % kernel, p / kernel, diverging(weights[(f * 3 + c) * area + p] / max));
                }
                g.drawImage(channel, 80 + (c + 1) * (tile + 10), y, tile, tile, null);
            }
        }
        g.dispose();
        return img;
    }

    /** Feature maps of one image: a row per stage, a tile per channel, grey scaled to the stage's min–max. */
    public static BufferedImage featureMaps(String title, java.util.List<String> stages, java.util.List<float[]> maps,
            java.util.List<long[]> shapes, int maxChannels) {
        int tile = 42;
        int width = 110 + maxChannels * (tile + 4);
        BufferedImage img = Png.canvas(width, 34 + stages.size() * (tile + 10));
        Graphics2D g = Png.graphics(img);
        g.setFont(Png.TITLE);
        g.drawString(title, 10, 20);
        g.setFont(Png.LABEL);
        for (int s = 0; s < stages.size(); s++) {
            float[] a = maps.get(s);
            long[] shape = shapes.get(s);
            int channels = (int) shape[1];
            int h = (int) shape[2];
            int w = (int) shape[3];
            float min = Float.MAX_VALUE;
            float max = -Float.MAX_VALUE;
            for (float v : a) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            float range = Math.max(max - min, 1e-12f);
            int y = 30 + s * (tile + 10);
            g.setColor(Color.BLACK);
            g.drawString(stages.get(s) + " (" + channels + ")", 10, y + tile / 2 + 4);
            for (int c = 0; c < Math.min(channels, maxChannels); c++) {
                BufferedImage map = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
                for (int p = 0; p < h * w; p++) {
                    int v = Math.round(255 * (a[c * h * w + p] - min) / range);
                    map.setRGB(p % w, p / w, v << 16 | v << 8 | v);
                }
                g.drawImage(map, 110 + c * (tile + 4), y, tile, tile, null);
            }
        }
        g.dispose();
        return img;
    }

    /** Frames side by side: one row per image, one column per snapshot. */
    public static BufferedImage strip(String title, java.util.List<float[]> frames, java.util.List<String> columns,
            java.util.List<String> rows) {
        int tile = Pixels.SIDE * SCALE;
        BufferedImage img = Png.canvas(150 + columns.size() * (tile + 8), 50 + rows.size() * (tile + 8));
        Graphics2D g = Png.graphics(img);
        g.setFont(Png.TITLE);
        g.drawString(title, 10, 20);
        g.setFont(Png.LABEL);
        for (int c = 0; c < columns.size(); c++) {
            Png.centred(g, columns.get(c), 150 + c * (tile + 8) + tile / 2, 42);
        }
        for (int r = 0; r < rows.size(); r++) {
            int y = 48 + r * (tile + 8);
            g.setColor(Color.BLACK);
            g.drawString(rows.get(r), 10, y + tile / 2 + 4);
            for (int c = 0; c < frames.size(); c++) {
                g.drawImage(rgb(frames.get(c), r), 150 + c * (tile + 8), y, tile, tile, null);
            }
        }
        g.dispose();
        return img;
    }

    /** Blue for negative, white for zero, red for positive; v in [-1, 1]. */
    private static int diverging(float v) {
        float t = Math.max(-1, Math.min(1, v));
        int fade = Math.round(255 * (1 - Math.abs(t)));
        return t >= 0 ? 255 << 16 | fade << 8 | fade : fade << 16 | fade << 8 | 255;
    }

    public static BufferedImage rgb(float[] images, int k) {
        BufferedImage out = new BufferedImage(Pixels.SIDE, Pixels.SIDE, BufferedImage.TYPE_INT_RGB);
        int base = k * Pixels.VALUES;
        for (int p = 0; p < Pixels.PIXELS; p++) {
            int rgb = 0;
            for (int c = 0; c < Pixels.CHANNELS; c++) {
                rgb = rgb << 8 | Pixels.toByte(images[base + c * Pixels.PIXELS + p]);
            }
            out.setRGB(p % Pixels.SIDE, p / Pixels.SIDE, rgb);
        }
        return out;
    }

}
