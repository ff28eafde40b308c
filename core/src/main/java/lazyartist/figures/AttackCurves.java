package lazyartist.figures;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Success against budget: one line per series (a model's attack), the grid's budgets evenly apart. */
public final class AttackCurves {

    /** One line: its name and (ε, success) points in increasing ε. */
    public record Series(String name, List<Double> epsilons, List<Double> success) {}

    private AttackCurves() {}

    /** The chart of some series; {@code norm} names the budget's geometry on the axis (L∞ or L2). */
    public static BufferedImage draw(String title, String norm, List<Series> series) {
        XYChart chart = new XYChartBuilder().width(860).height(480).title(title)
                .xAxisTitle("budget ε (" + norm + ")")
                .yAxisTitle("fooled (%)").build();
        EvenTicks budgets = new EvenTicks(series.stream().flatMap(s -> s.epsilons().stream()).toList());
        budgets.label(chart, e -> java.math.BigDecimal.valueOf(e).stripTrailingZeros().toPlainString());
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(100.0);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideE);
        for (Series s : series) {
            chart.addSeries(s.name(), budgets.positions(s.epsilons()), s.success().stream().map(v -> 100 * v).toList())
                    .setMarker(SeriesMarkers.CIRCLE);
        }
        return Png.of(chart);
    }

    /** Series from an {@code attack.json}'s curves, one per attack, named "model attack". */
    public static List<Series> of(String model, com.fasterxml.jackson.databind.JsonNode curves) {
        Map<String, Series> out = new java.util.LinkedHashMap<>();
        for (var point : curves) {
            Series s = out.computeIfAbsent(point.get("attack").asText(), a -> new Series(model + " " + a,
                    new java.util.ArrayList<>(), new java.util.ArrayList<>()));
            s.epsilons().add(point.get("epsilon").asDouble());
            s.success().add(point.get("successRate").asDouble());
        }
        return List.copyOf(out.values());
    }
}
