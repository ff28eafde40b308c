package lazyartist.figures;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;

/** A labelled count matrix drawn as a heatmap with the counts written in the cells. */
public final class Heatmap {

    private static final int CELL = 44;
    private static final int LEFT = 110;
    private static final int TOP = 60;

    private Heatmap() {}

    /**
     * Draws {@code counts[row][column]}, shading each cell by its share of its row.
     *
     * @param rowSwatches optional colour per row drawn beside its label (null for none)
     */
    public static BufferedImage draw(String title, int[][] counts, List<String> rowLabels, List<String> columnLabels,
            String rowAxis, String columnAxis, List<Color> rowSwatches) {
        double[][] shares = new double[counts.length][];
        String[][] text = new String[counts.length][];
        for (int r = 0; r < counts.length; r++) {
            int total = java.util.Arrays.stream(counts[r]).sum();
            shares[r] = new double[counts[r].length];
            text[r] = new String[counts[r].length];
            for (int c = 0; c < counts[r].length; c++) {
                shares[r][c] = total == 0 ? 0 : counts[r][c] / (double) total;
                text[r][c] = Integer.toString(counts[r][c]);
            }
        }
        return draw(title, shares, text, rowLabels, columnLabels, rowAxis + " (rows); cells shaded by share of the row",
                columnAxis, rowSwatches);
    }

    /** Draws rates in [0, 1] as percentages, shaded by the rate; NaN cells are grey and empty. */
    public static BufferedImage rates(String title, double[][] rates, List<String> rowLabels,
            List<String> columnLabels, String rowAxis, String columnAxis) {
        String[][] text = new String[rates.length][];
        for (int r = 0; r < rates.length; r++) {
            text[r] = new String[rates[r].length];
            for (int c = 0; c < rates[r].length; c++) {
                text[r][c] = Double.isNaN(rates[r][c]) ? "" : Long.toString(Math.round(100 * rates[r][c]));
            }
        }
        return draw(title, rates, text, rowLabels, columnLabels, rowAxis + " (rows); cells in %", columnAxis, null);
    }

    private static BufferedImage draw(String title, double[][] shade, String[][] text, List<String> rowLabels,
            List<String> columnLabels, String footer, String columnAxis, List<Color> rowSwatches) {
        int rows = shade.length;
        int cols = shade[0].length;
        int titleWidth = Png.graphics(Png.canvas(1, 1)).getFontMetrics(Png.TITLE).stringWidth(title);
        BufferedImage img = Png.canvas(Math.max(LEFT + cols * CELL + 20, titleWidth + 20), TOP + rows * CELL + 50);
        Graphics2D g = Png.graphics(img);
        g.setFont(Png.TITLE);
        g.drawString(title, 10, 20);
        g.setFont(Png.LABEL);
        Png.centred(g, columnAxis, LEFT + cols * CELL / 2, 42);
        for (int c = 0; c < cols; c++) {
            Png.centred(g, columnLabels.get(c), LEFT + c * CELL + CELL / 2, TOP - 4);
        }
        for (int r = 0; r < rows; r++) {
            int y = TOP + r * CELL;
            g.setColor(Color.BLACK);
            g.drawString(rowLabels.get(r), 24, y + CELL / 2 + 4);
            if (rowSwatches != null) {
                g.setColor(rowSwatches.get(r));
                g.fillRect(8, y + CELL / 2 - 6, 12, 12);
            }
            for (int c = 0; c < cols; c++) {
                double share = shade[r][c];
                int level = Double.isNaN(share) ? 0 : (int) Math.round(255 * (1 - share));
                g.setColor(Double.isNaN(share) ? Color.LIGHT_GRAY : new Color(level, level, 255));
                g.fillRect(LEFT + c * CELL, y, CELL - 1, CELL - 1);
                g.setColor(share > 0.5 ? Color.WHITE : Color.BLACK);
                Png.centred(g, text[r][c], LEFT + c * CELL + CELL / 2, y + CELL / 2 + 4);
            }
        }
        g.setColor(Color.BLACK);
        g.drawString(footer, 10, TOP + rows * CELL + 30);
        g.dispose();
        return img;
    }
}
