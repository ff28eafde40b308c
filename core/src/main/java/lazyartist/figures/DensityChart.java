package lazyartist.figures;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import lazyartist.decompose.DensityHistogram;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

/** The feature density histogram: features per decade of density, the dead ones apart. */
public final class DensityChart {

    private DensityChart() {}

    public static BufferedImage draw(String title, DensityHistogram h) {
        CategoryChart chart = new CategoryChartBuilder().width(620).height(360).title(title)
                .xAxisTitle("share of validation tokens a feature fires on").yAxisTitle("features").build();
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        chart.getStyler().setLegendVisible(false);
        List<String> bins = new ArrayList<>(List.of("dead"));
        List<Integer> counts = new ArrayList<>(List.of(h.dead()));
        for (int i = 0; i < h.counts().length; i++) {
            bins.add(String.format("1e%d–1e%d", (int) h.edges()[i], (int) h.edges()[i + 1]));
            counts.add(h.counts()[i]);
        }
        chart.addSeries("features", bins, counts);
        return Png.of(chart);
    }
}
