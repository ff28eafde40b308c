package lazyartist.figures;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import lazyartist.data.ColoredSplit;
import lazyartist.data.DatasetStore;
import lazyartist.data.Pixels;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The sanity checks' figures: the cascade curves, and a grid of maps as the network loses its weights. */
public final class SanityFigures {

    private static final int SCALE = 3;
    private static final int TILE = Pixels.SIDE * SCALE;
    private static final int GAP = 6;

    private static final Marker[] MARKERS = {SeriesMarkers.CIRCLE, SeriesMarkers.SQUARE, SeriesMarkers.DIAMOND,
        SeriesMarkers.TRIANGLE_UP, SeriesMarkers.TRIANGLE_DOWN, SeriesMarkers.CROSS};
    private static final BasicStroke[] LINES = {SeriesLines.SOLID, SeriesLines.DASH_DASH, SeriesLines.DOT_DOT,
        SeriesLines.DASH_DOT};

    private SanityFigures() {}

    /**
     * One line per method: the mean Spearman of |map| with the trained model's, at each cascade step; an
     * undefined mean (NaN: the maps were constant) leaves a gap, not a point at 0 that would read as a pass.
     */
    public static BufferedImage curves(String title, List<String> steps, List<String> methods, List<List<Double>> values,
            double threshold) {
        XYChart chart = new XYChartBuilder().width(900).height(480).title(title)
                .xAxisTitle("stages re-initialised, from the head down (0: the trained model)")
                .yAxisTitle("Spearman ρ of |map| with the trained model's").build();
        chart.getStyler().setYAxisMin(-0.2);
        chart.getStyler().setYAxisMax(1.0);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideE);
        List<Double> x = new ArrayList<>();
        for (int i = 0; i <= steps.size(); i++) {
            x.add((double) i);
        }
        for (int m = 0; m < methods.size(); m++) {
            List<Double> y = new ArrayList<>(List.of(1.0));
            y.addAll(values.get(m));
            // Methods often end on the same values: each its own marker and dashes, so that none hides another.
            chart.addSeries(methods.get(m), x, y).setMarker(MARKERS[m % MARKERS.length])
                    .setLineStyle(LINES[m % LINES.length]);
        }
        chart.addSeries("pass below " + threshold, List.of(0.0, (double) steps.size()), List.of(threshold, threshold))
                .setMarker(SeriesMarkers.NONE).setLineColor(Color.GRAY);
        return Png.of(chart);
    }

    /**
     * Rows: digits; columns: the digit, the trained model's map, then the map after each cascade step.
     * Each map is scaled to its own positive maximum.
     *
     * @param maps per column, the rows' maps (rows × 784)
     */
    public static BufferedImage grid(String title, ColoredSplit split, int[] samples, List<String> columns,
            List<float[]> maps) {
        int rows = Math.min(samples.length, maps.get(0).length / Pixels.PIXELS);
        int width = 20 + (columns.size() + 1) * (TILE + GAP);
        // The title's own width, measured in its font, so that it is never cut.
        int titleWidth = Png.graphics(Png.canvas(1, 1)).getFontMetrics(Png.TITLE).stringWidth(title);
        BufferedImage img = Png.canvas(Math.max(width, 20 + titleWidth), 70 + rows * (TILE + GAP));
        Graphics2D g = Png.graphics(img);
        g.setFont(Png.TITLE);
        g.drawString(title, 10, 20);
        g.setFont(Png.LABEL);
        Png.centred(g, "digit", 10 + TILE / 2, 56);
        for (int c = 0; c < columns.size(); c++) {
            Png.centred(g, columns.get(c), 10 + (c + 1) * (TILE + GAP) + TILE / 2, 56);
        }
        for (int r = 0; r < rows; r++) {
            int y = 64 + r * (TILE + GAP);
            g.drawImage(DatasetStore.toImage(split, samples[r]), 10, y, TILE, TILE, null);
            for (int c = 0; c < columns.size(); c++) {
                g.drawImage(AttributionGrid.heat(maps.get(c), r), 10 + (c + 1) * (TILE + GAP), y, TILE, TILE, null);
            }
        }
        g.dispose();
        return img;
    }
}
