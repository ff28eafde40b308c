package lazyartist.figures;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import lazyartist.io.AtomicFiles;

/** Shared Java2D plumbing for figures: canvases, text and atomic PNG writes. */
public final class Png {

    public static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    public static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 14);

    private Png() {}

    /** A white RGB canvas with antialiased text. */
    public static BufferedImage canvas(int width, int height) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.dispose();
        return img;
    }

    /** A graphics context on an image with antialiased text and nearest-neighbour scaling. */
    public static Graphics2D graphics(BufferedImage img) {
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
        g.setColor(Color.BLACK);
        g.setFont(LABEL);
        return g;
    }

    /** Draws text centred on x. */
    public static void centred(Graphics2D g, String text, int x, int y) {
        int w = g.getFontMetrics().stringWidth(text);
        g.drawString(text, x - w / 2, y);
    }

    /** A chart drawn as an image. */
    public static BufferedImage of(org.knowm.xchart.internal.chartpart.Chart<?, ?> chart) {
        try {
            return ImageIO.read(new java.io.ByteArrayInputStream(org.knowm.xchart.BitmapEncoder.getBitmapBytes(chart,
                    org.knowm.xchart.BitmapEncoder.BitmapFormat.PNG)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes an image as PNG, atomically. */
    public static void write(Path file, BufferedImage img) {
        AtomicFiles.write(file, encode(img));
    }

    /** The PNG bytes of an image. */
    public static byte[] encode(BufferedImage img) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(img, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
