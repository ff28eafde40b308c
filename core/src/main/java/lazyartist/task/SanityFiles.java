package lazyartist.task;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import lazyartist.data.ColoredSplit;
import lazyartist.explain.SanityCheck;
import lazyartist.explain.Similarity;
import lazyartist.figures.Png;
import lazyartist.figures.SanityFigures;
import lazyartist.io.AtomicFiles;
import lazyartist.io.Json;
import lazyartist.io.Versions;

/**
 * The sanity checks on disk, in a model's {@code explain/}: {@code sanity.json} (every number, null
 * where undefined), {@code sanity.csv} (one row per method × test × step), {@code sanity-curves.png}
 * (the cascade) and {@code sanity-grid-<method>.png} (digits × cascade steps).
 */
public final class SanityFiles {

    public static final String JSON = "sanity.json";
    public static final String CSV = "sanity.csv";
    public static final String CURVES = "sanity-curves.png";

    private SanityFiles() {}

    /** The grid of one method's maps along the cascade. */
    public static String grid(String method) {
        return "sanity-grid-" + ExplainFiles.fileName(method) + ".png";
    }

    /** The label of each cascade step: the groups re-initialised so far, the head's first. */
    static List<String> steps(List<List<String>> groups) {
        List<String> out = new ArrayList<>();
        for (List<String> g : groups) {
            out.add((out.isEmpty() ? "" : "+") + String.join("+", g));
        }
        return out;
    }

    public static void write(Path dir, String model, ColoredSplit split, SanityCheck.Result r,
            Map<String, Object> provenance) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("model", model);
        json.put("split", split.name());
        json.put("threshold", r.threshold());
        json.put("measure", "a test passes when the mean Spearman rho of |map| is below the threshold");
        json.put("groups", r.groups());
        json.put("images", r.indices().length);
        json.put("indices", r.indices());
        json.put("classes", r.classes());
        json.put("labelsEpochs", r.labelsEpochs());
        json.put("labelsTrainAccuracy", r.labelsTrainAccuracy());
        List<Map<String, Object>> methods = new ArrayList<>();
        for (SanityCheck.MethodResult m : r.methods()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("method", m.method());
            e.put("values", m.values());
            e.put("verdicts", m.verdicts());
            e.put("cascade", m.cascade());
            e.put("independent", m.independent());
            e.put("labels", m.labels());
            e.put("randomLogit", m.randomLogit());
            e.put("seconds", m.seconds());
            methods.add(e);
        }
        json.put("methods", methods);
        json.put("seed", r.seed());
        json.put("seconds", r.seconds());
        Map<String, Object> prov = new LinkedHashMap<>(provenance);
        prov.put("versions", Versions.all());
        json.put("provenance", prov);
        Json.write(dir.resolve(JSON), json);
        AtomicFiles.write(dir.resolve(CSV), csv(r).getBytes(StandardCharsets.UTF_8));
        List<String> steps = steps(r.groups());
        List<String> names = new ArrayList<>();
        List<List<Double>> curves = new ArrayList<>();
        for (SanityCheck.MethodResult m : r.methods()) {
            names.add(m.method());
            curves.add(m.cascade().stream().map(c -> c.spearmanAbs().mean()).toList());
            List<String> columns = new ArrayList<>(List.of("trained"));
            columns.addAll(steps);
            Png.write(dir.resolve(grid(m.method())), SanityFigures.grid(model + ", " + m.method()
                    + ": maps as the stages are re-initialised from the head down", split, r.indices(), columns,
                    m.grid()));
        }
        Png.write(dir.resolve(CURVES), SanityFigures.curves(model + ": cascading randomisation", steps, names, curves,
                r.threshold()));
    }

    private static String csv(SanityCheck.Result r) {
        StringBuilder out = new StringBuilder("method,test,step");
        for (String name : Similarity.NAMES) {
            out.append(',').append(name).append("_mean,").append(name).append("_low,").append(name).append("_high");
        }
        out.append('\n');
        List<String> steps = steps(r.groups());
        for (SanityCheck.MethodResult m : r.methods()) {
            for (int i = 0; i < m.cascade().size(); i++) {
                row(out, m.method(), "cascade", steps.get(i), m.cascade().get(i));
            }
            for (int i = 0; i < m.independent().size(); i++) {
                row(out, m.method(), "independent", String.join("+", r.groups().get(i)), m.independent().get(i));
            }
            if (m.labels() != null) {
                row(out, m.method(), "labels", "shuffled", m.labels());
            }
            row(out, m.method(), "random-logit", "random class", m.randomLogit());
        }
        return out.toString();
    }

    private static void row(StringBuilder out, String method, String test, String step, SanityCheck.Measures m) {
        out.append(method).append(',').append(test).append(',').append(step);
        for (Similarity.Summary s : new Similarity.Summary[] {m.spearmanAbs(), m.spearman(), m.ssim(), m.topK()}) {
            out.append(String.format(Locale.ROOT, ",%s,%s,%s", number(s.mean()), number(s.low()), number(s.high())));
        }
        out.append('\n');
    }

    private static String number(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.4f", v);
    }
}
