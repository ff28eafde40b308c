package lazyartist.benchmark;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;
import lazyartist.figures.Png;
import lazyartist.io.AtomicFiles;
import lazyartist.figures.EvenTicks;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The benchmark's table, laid out like the papers' (methods × conflicting share, mean ± standard
 * deviation over seeds of the unbiased test accuracy, in per cent), its CSV with every metric, and a
 * chart of unbiased accuracy against the conflicting share.
 */
public final class BenchmarkTable {

    public static final String MARKDOWN = "table.md";
    public static final String CSV = "table.csv";
    public static final String PNG = "unbiased.png";

    /** Mean and sample standard deviation (NaN from one seed) of one metric over a cell's seeds. */
    record Cell(double mean, double std, int seeds) {
        static Cell of(List<Double> values) {
            double mean = values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
            double squares = values.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum();
            return new Cell(mean, values.size() > 1 ? Math.sqrt(squares / (values.size() - 1)) : Double.NaN,
                    values.size());
        }

        /** "mean ± std (seeds)" in per cent, without the ± from one seed, whose spread is unknown. */
        String percent() {
            return seeds > 1 ? String.format(Locale.ROOT, "%.2f ± %.2f (%d)", 100 * mean, 100 * std, seeds)
                    : String.format(Locale.ROOT, "%.2f (%d)", 100 * mean, seeds);
        }
    }

    private BenchmarkTable() {}

    /** A share in per cent without trailing zeros: 0.005 → "0.5", 0.05 → "5". */
    public static String percent(double share) {
        return new java.math.BigDecimal(Double.toString(100 * share)).round(new java.math.MathContext(6))
                .stripTrailingZeros().toPlainString();
    }

    /** Writes the table, CSV and chart into {@code dir}. */
    public static void write(Path dir, List<Benchmark.Run> runs) {
        AtomicFiles.write(dir.resolve(MARKDOWN), markdown(runs).getBytes(StandardCharsets.UTF_8));
        AtomicFiles.write(dir.resolve(CSV), csv(runs).getBytes(StandardCharsets.UTF_8));
        Png.write(dir.resolve(PNG), Png.of(chart(runs)));
    }

    /** Per method (in first-seen order), per share: the cell of a metric. */
    static Map<String, Map<Double, Cell>> cells(List<Benchmark.Run> runs, ToDoubleFunction<GroupMetrics> metric) {
        Map<String, Map<Double, List<Double>>> values = new LinkedHashMap<>();
        for (Benchmark.Run r : runs) {
            values.computeIfAbsent(r.row(), m -> new java.util.TreeMap<>())
                    .computeIfAbsent(r.conflicting(), c -> new ArrayList<>()).add(metric.applyAsDouble(r.test()));
        }
        Map<String, Map<Double, Cell>> out = new LinkedHashMap<>();
        values.forEach((method, byShare) -> {
            Map<Double, Cell> row = new java.util.TreeMap<>();
            byShare.forEach((share, v) -> row.put(share, Cell.of(v)));
            out.put(method, row);
        });
        return out;
    }

    public static String markdown(List<Benchmark.Run> runs) {
        TreeSet<Double> shares = new TreeSet<>();
        runs.forEach(r -> shares.add(r.conflicting()));
        StringBuilder b = new StringBuilder();
        Benchmark.Run first = runs.get(0);
        b.append(String.format(Locale.ROOT, "Unbiased test accuracy (%%, mean ± std over seeds; %s, %d epochs, the last"
                + " one kept unless the row says otherwise) on %s, severity %d.%n%n", first.architecture(), first.epochs(),
                first.protocol(),
                first.severity()));
        b.append("| method | bias labels |");
        shares.forEach(s -> b.append(' ').append(percent(s)).append("% |"));
        b.append('\n').append("|---|---|");
        shares.forEach(s -> b.append("---:|"));
        b.append('\n');
        Map<String, Boolean> aware = new LinkedHashMap<>();
        runs.forEach(r -> aware.put(r.row(), r.biasAware()));
        cells(runs, GroupMetrics::unbiased).forEach((method, row) -> {
            b.append("| ").append(method).append(" | ").append(aware.get(method) ? "yes" : "no").append(" |");
            for (double s : shares) {
                Cell c = row.get(s);
                b.append(c == null ? " – |" : " " + c.percent() + " |");
            }
            b.append('\n');
        });
        b.append("\nPublished figures: not verified (the LfF and DisEnt papers' tables are in neither authors'"
                + " repository), so none is printed beside ours.\n");
        return b.toString();
    }

    static String csv(List<Benchmark.Run> runs) {
        StringBuilder b = new StringBuilder("protocol,architecture,severity,conflicting_percent,method,bias_aware,seed,"
                + "epochs,selection,unbiased,aligned,conflicting,worst_group,ece,train_seconds\n");
        for (Benchmark.Run r : runs) {
            GroupMetrics m = r.test();
            b.append(String.format(Locale.ROOT, "%s,%s,%d,%s,%s,%b,%d,%d,%s,%.4f,%.4f,%.4f,%.4f,%.4f,%.1f%n",
                    r.protocol(), r.architecture(), r.severity(), percent(r.conflicting()), r.method(), r.biasAware(),
                    r.seed(), r.epochs(),
                    r.selection(), m.unbiased(), m.aligned(), m.conflicting(), m.worstGroup(), m.calibrationError(),
                    r.trainSeconds()));
        }
        return b.toString();
    }

    private static XYChart chart(List<Benchmark.Run> runs) {
        XYChart chart = new XYChartBuilder().width(640).height(440).title("Unbiased test accuracy, mean over seeds")
                .xAxisTitle("bias-conflicting training digits (%)").yAxisTitle("unbiased accuracy (%)").build();
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideSE);
        Map<String, Map<Double, Cell>> cells = cells(runs, GroupMetrics::unbiased);
        EvenTicks shares = new EvenTicks(cells.values().stream().flatMap(row -> row.keySet().stream()).toList());
        shares.label(chart, BenchmarkTable::percent);
        cells.forEach((method, row) -> chart.addSeries(method, shares.positions(List.copyOf(row.keySet())),
                row.values().stream().map(c -> 100 * c.mean()).toList()).setMarker(SeriesMarkers.CIRCLE));
        return chart;
    }
}
