package lazyartist.figures;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;
import lazyartist.attack.Universal;
import lazyartist.data.Pixels;

/** Universal perturbations, stretched so that ±ε is black and white (grey is no change). */
public final class UniversalImage {

    private static final int TILE = Pixels.SIDE * 5;

    private UniversalImage() {}

    public static BufferedImage draw(String model, List<Universal> perturbations) {
        BufferedImage img = Png.canvas(Math.max(420, 20 + perturbations.size() * (TILE + 30)), TILE + 80);
        Graphics2D g = Png.graphics(img);
        g.setFont(Png.TITLE);
        g.drawString(model + ": universal perturbations", 10, 20);
        g.setFont(Png.LABEL);
        for (int k = 0; k < perturbations.size(); k++) {
            Universal u = perturbations.get(k);
            BufferedImage tile = new BufferedImage(Pixels.SIDE, Pixels.SIDE, BufferedImage.TYPE_INT_RGB);
            for (int p = 0; p < Pixels.PIXELS; p++) {
                int[] rgb = new int[3];
                for (int c = 0; c < 3; c++) {
                    rgb[c] = Math.round(255 * Math.max(0, Math.min(1, 0.5f + 0.5f * u.delta()[p * 3 + c]
                            / (float) u.epsilon())));
                }
                tile.setRGB(p % Pixels.SIDE, p / Pixels.SIDE, rgb[0] << 16 | rgb[1] << 8 | rgb[2]);
            }
            int x = 10 + k * (TILE + 30);
            g.drawImage(tile, x, 32, TILE, TILE, null);
            g.setColor(Color.BLACK);
            g.drawString(String.format(Locale.ROOT, "ε = %s: fools %.0f%% of %d held-out", u.epsilon(),
                    100 * u.heldOutSuccess(), u.heldOutImages()), x, TILE + 50);
        }
        g.dispose();
        return img;
    }
}
