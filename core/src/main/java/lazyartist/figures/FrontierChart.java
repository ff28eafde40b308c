package lazyartist.figures;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import lazyartist.decompose.Frontier;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The sparsity–fidelity frontier: explained variance and CE recovered against L0, one line per kind. */
public final class FrontierChart {

    private FrontierChart() {}

    public static BufferedImage draw(String title, List<Frontier.Point> points) {
        BufferedImage left = Png.of(chart(title + ": explained variance", "explained variance", points,
                Frontier.Point::explainedVariance));
        BufferedImage right = Png.of(chart(title + ": CE recovered", "cross-entropy recovered", points,
                Frontier.Point::ceRecovered));
        BufferedImage out = Png.canvas(left.getWidth() + right.getWidth(), Math.max(left.getHeight(),
                right.getHeight()));
        Graphics2D g = Png.graphics(out);
        g.drawImage(left, 0, 0, null);
        g.drawImage(right, left.getWidth(), 0, null);
        g.dispose();
        return out;
    }

    private static XYChart chart(String title, String axis, List<Frontier.Point> points,
            ToDoubleFunction<Frontier.Point> y) {
        XYChart chart = new XYChartBuilder().width(620).height(440).title(title)
                .xAxisTitle("L0: mean active features per validation token").yAxisTitle(axis).build();
        // A log axis labels only decades: use it where L0 spans more than one.
        double low = points.stream().mapToDouble(Frontier.Point::l0).filter(v -> v > 0).min().orElse(1);
        double high = points.stream().mapToDouble(Frontier.Point::l0).max().orElse(1);
        chart.getStyler().setXAxisLogarithmic(high > 10 * low);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideSE);
        Map<String, List<Frontier.Point>> byKind = new LinkedHashMap<>();
        points.forEach(p -> byKind.computeIfAbsent(p.kind(), k -> new ArrayList<>()).add(p));
        byKind.forEach((kind, line) -> {
            List<Frontier.Point> sorted = line.stream().filter(p -> p.l0() > 0)
                    .sorted(Comparator.comparingDouble(Frontier.Point::l0)).toList();
            if (!sorted.isEmpty()) {
                chart.addSeries(kind + " (" + sorted.get(0).knob() + ")",
                        sorted.stream().map(Frontier.Point::l0).toList(),
                        sorted.stream().map(p -> y.applyAsDouble(p)).toList()).setMarker(SeriesMarkers.CIRCLE);
            }
        });
        return chart;
    }
}
