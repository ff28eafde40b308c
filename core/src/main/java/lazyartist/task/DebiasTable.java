package lazyartist.task;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import lazyartist.figures.Png;
import lazyartist.io.AtomicFiles;
import lazyartist.io.Json;
import lazyartist.io.Versions;
import lazyartist.train.Debiasing;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

/**
 * The comparison of debiasing methods: mean ± standard deviation over seeds of each number, as
 * {@code debias.csv}, {@code debias.json} and a bar chart of hard accuracy ({@code debias.png}).
 */
public final class DebiasTable {

    public static final String CSV = "debias.csv";
    public static final String JSON = "debias.json";
    public static final String CHART = "debias.png";

    /** A number over seeds. */
    public record Stat(double mean, double std, int n) {

        static Stat of(List<Double> values) {
            double[] v = values.stream().mapToDouble(Double::doubleValue).filter(d -> !Double.isNaN(d)).toArray();
            if (v.length == 0) {
                return new Stat(Double.NaN, Double.NaN, 0);
            }
            double mean = java.util.Arrays.stream(v).average().orElse(Double.NaN);
            // One seed has no spread: its std is unknown (null in JSON, NaN in CSV), not 0.
            double var = v.length < 2 ? Double.NaN
                    : java.util.Arrays.stream(v).map(x -> (x - mean) * (x - mean)).sum() / (v.length - 1);
            return new Stat(mean, Math.sqrt(var), v.length);
        }

        /** "mean ± std%", or just "mean%" from a single seed, whose spread is unknown. */
        String percent() {
            if (Double.isNaN(mean)) {
                return "—";
            }
            return n < 2 ? String.format(Locale.ROOT, "%.1f%%", 100 * mean)
                    : String.format(Locale.ROOT, "%.1f ± %.1f%%", 100 * mean, 100 * std);
        }
    }

    /** One method's row; a number a table from an earlier version lacks reads as unknown. */
    public record Row(String method, boolean biasAware, int seeds, Stat valAccuracy, Stat valConflictingAccuracy,
            Stat hardAccuracy, Stat hardColourAgreement, Stat camStrokeShare, Stat gradInputStrokeShare, Stat trainSeconds) {

        public Row {
            Stat unknown = new Stat(Double.NaN, Double.NaN, 0);
            valConflictingAccuracy = valConflictingAccuracy == null ? unknown : valConflictingAccuracy;
        }
    }

    /**
     * The version of a debiasing run's outputs: a study trains and measures again what an earlier
     * version wrote (4: model cards say their role).
     */
    public static final int FORMAT = 4;

    /** One trained model's numbers. */
    public record Seed(String method, boolean biasAware, long seed, String model, double valAccuracy,
            double valConflictingAccuracy, double hardAccuracy, double hardColourAgreement, double camStrokeShare, double gradInputStrokeShare,
            double trainSeconds) {}

    private DebiasTable() {}

    /** Groups seeds by method, in first-seen order. */
    public static List<Row> rows(List<Seed> seeds) {
        Map<String, List<Seed>> by = new LinkedHashMap<>();
        for (Seed s : seeds) {
            by.computeIfAbsent(s.method(), k -> new ArrayList<>()).add(s);
        }
        List<Row> rows = new ArrayList<>();
        for (var e : by.entrySet()) {
            List<Seed> g = e.getValue();
            rows.add(new Row(e.getKey(), g.get(0).biasAware(), g.size(), stat(g, Seed::valAccuracy),
                    stat(g, Seed::valConflictingAccuracy), stat(g, Seed::hardAccuracy), stat(g, Seed::hardColourAgreement), stat(g, Seed::camStrokeShare),
                    stat(g, Seed::gradInputStrokeShare), stat(g, Seed::trainSeconds)));
        }
        return rows;
    }

    /** The table as text rows, header first, for the console and the report. */
    public static List<List<String>> text(List<Row> rows) {
        List<List<String>> out = new ArrayList<>();
        out.add(List.of("method", "kind", "seeds", "easy-val", "val colour-conflicting", "hard", "hard colour agreement", "HiResCAM stroke share",
                "grad×input stroke share", "train time"));
        for (Row r : rows) {
            out.add(List.of(r.method(), r.biasAware() ? "bias-aware" : "bias-agnostic", Integer.toString(r.seeds()),
                    r.valAccuracy().percent(), r.valConflictingAccuracy().percent(), r.hardAccuracy().percent(), r.hardColourAgreement().percent(),
                    r.camStrokeShare().percent(), r.gradInputStrokeShare().percent(),
                    String.format(Locale.ROOT, "%.0f s", r.trainSeconds().mean())));
        }
        return out;
    }

    /**
     * The method that reads the most colour-conflicting validation digits in a written {@code debias.json},
     * if any: chosen on validation data, never on the hard split it is then measured on.
     */
    public static java.util.Optional<String> best(Path json) {
        List<Row> rows = new ArrayList<>();
        for (var m : Json.readTree(json).get("methods")) {
            rows.add(Json.MAPPER.convertValue(m, Row.class));
        }
        return best(rows, null).map(Row::method);
    }

    /**
     * The row with the highest mean conflicting-validation accuracy, among bias-aware or bias-agnostic (null: all);
     * never a method that trained on the validation digits.
     */
    public static java.util.Optional<Row> best(List<Row> rows, Boolean biasAware) {
        return rows.stream().filter(r -> biasAware == null || r.biasAware() == biasAware)
                .filter(r -> !Debiasing.Method.of(r.method()).trainsOnValidation())
                .filter(r -> Double.isFinite(r.valConflictingAccuracy().mean()))
                .max(java.util.Comparator.comparingDouble(r -> r.valConflictingAccuracy().mean()));
    }

    /** Writes CSV, JSON and chart into {@code dir}. */
    public static void write(Path dir, List<Seed> seeds, Map<String, Object> provenance) {
        List<Row> rows = rows(seeds);
        StringBuilder csv = new StringBuilder("method,kind,seeds,val_mean,val_std,val_conflicting_mean,"
                + "val_conflicting_std,hard_mean,hard_std,"
                + "colour_agreement_mean,colour_agreement_std,hirescam_stroke_mean,hirescam_stroke_std,"
                + "gradinput_stroke_mean,gradinput_stroke_std,train_seconds_mean\n");
        for (Row r : rows) {
            csv.append(String.format(Locale.ROOT, "%s,%s,%d,%.4f,%.4f,%.4f,%.4f,%.4f,%.4f,%.4f,%.4f,%.4f,%.4f,%.4f,%.4f,%.1f%n",
                    r.method(), r.biasAware() ? "bias-aware" : "bias-agnostic", r.seeds(), r.valAccuracy().mean(),
                    r.valAccuracy().std(), r.valConflictingAccuracy().mean(), r.valConflictingAccuracy().std(),
                    r.hardAccuracy().mean(), r.hardAccuracy().std(),
                    r.hardColourAgreement().mean(), r.hardColourAgreement().std(), r.camStrokeShare().mean(),
                    r.camStrokeShare().std(), r.gradInputStrokeShare().mean(), r.gradInputStrokeShare().std(),
                    r.trainSeconds().mean()));
        }
        AtomicFiles.write(dir.resolve(CSV), csv.toString().getBytes(StandardCharsets.UTF_8));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("methods", rows);
        json.put("seeds", seeds);
        Map<String, Object> prov = new LinkedHashMap<>(provenance);
        prov.put("versions", Versions.all());
        json.put("provenance", prov);
        Json.write(dir.resolve(JSON), json);
        Png.write(dir.resolve(CHART), chart(rows));
    }

    private static java.awt.image.BufferedImage chart(List<Row> rows) {
        // Room for each method's name under its bars.
        int width = Math.max(760, 200 + 130 * rows.size());
        // A single seed has no spread: no error bars, and the title says so.
        boolean spread = rows.stream().anyMatch(r -> r.seeds() > 1);
        CategoryChart chart = new CategoryChartBuilder().width(width).height(420)
                .title("Accuracy after debiasing, hard split and easy validation ("
                        + (spread ? "mean ± std over seeds" : "one seed") + ")")
                .xAxisTitle("method")
                .yAxisTitle("accuracy (%)").build();
        chart.getStyler().setLegendVisible(true);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(100.0);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        List<String> names = rows.stream().map(Row::method).toList();
        addSeries(chart, "hard", names, rows, Row::hardAccuracy, spread);
        addSeries(chart, "easy-val", names, rows, Row::valAccuracy, spread);
        try {
            return javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(
                    BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void addSeries(CategoryChart chart, String name, List<String> methods, List<Row> rows,
            java.util.function.Function<Row, Stat> stat, boolean spread) {
        List<Double> means = rows.stream().map(r -> 100 * stat.apply(r).mean()).toList();
        if (spread) {
            // A one-seed row beside spread rows gets no error bar.
            chart.addSeries(name, methods, means, rows.stream().map(r -> stat.apply(r).std())
                    .map(std -> Double.isNaN(std) ? 0 : 100 * std).toList());
        } else {
            chart.addSeries(name, methods, means);
        }
    }

    private static Stat stat(List<Seed> g, ToDoubleFunction<Seed> f) {
        return Stat.of(g.stream().map(s -> f.applyAsDouble(s)).toList());
    }
}
