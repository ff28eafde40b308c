package lazyartist.task;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lazyartist.data.ColoredSplit;
import lazyartist.data.Palette;
import lazyartist.data.Purity;
import lazyartist.decompose.Decomposition;
import lazyartist.decompose.Feature;
import lazyartist.figures.FeatureDashboard;
import lazyartist.figures.Png;
import lazyartist.io.Json;
import lazyartist.io.Versions;

/**
 * A decomposition's results on disk: {@code decompose.json} (metrics, counts, interventions),
 * {@code features.json} (every feature) and one dashboard PNG per label.
 */
public final class DecomposeFiles {

    public static final String JSON = "decompose.json";
    public static final String FEATURES = lazyartist.decompose.SaeStore.FEATURES;
    /** Written last in a model's decompose/ folder by the study: which stage was decomposed. */
    public static final String DECOMPOSED = "decomposed.json";
    /** Features shown per dashboard. */
    static final int DASHBOARD_ROWS = 8;

    private DecomposeFiles() {}

    /** The dashboard of one label. */
    public static String dashboard(String label) {
        return "features-" + label + ".png";
    }

    public static void write(Path dir, String model, Decomposition.Result r, ColoredSplit hard, Palette palette,
            Map<String, Object> provenance) {
        for (String label : Purity.LABELS) {
            List<Feature> strongest = r.features().stream().filter(f -> f.label().equals(label))
                    .sorted(Comparator.comparingDouble((Feature f) -> -f.density() * f.meanActivation())
                            .thenComparingInt(Feature::index))
                    .limit(DASHBOARD_ROWS).toList();
            Png.write(dir.resolve(dashboard(label)), FeatureDashboard.draw(String.format(
                    "%s, %s: the strongest %s features (top-activating hard digits, logit effect per digit)", model,
                    r.stage(), label), strongest, hard, palette));
        }
        Json.write(dir.resolve(FEATURES), r.features());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("model", model);
        json.put("stage", r.stage());
        json.put("tokens", r.tokens().key());
        json.put("dIn", r.width());
        json.put("dSae", r.features().size());
        json.put("options", r.options());
        json.put("trainingTokens", r.trainingTokens());
        json.put("trainingLoss", r.training().losses());
        json.put("trainingSeconds", r.training().seconds());
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("val", r.val());
        metrics.put("hard", r.hard());
        json.put("metrics", metrics);
        json.put("deadShare", r.deadShare());
        json.put("counts", r.counts());
        json.put("interventions", r.interventions());
        json.put("steering", r.steering());
        json.put("retrainedHeads", r.heads());
        json.put("seconds", r.seconds());
        Map<String, Object> prov = new LinkedHashMap<>(provenance);
        prov.put("versions", Versions.all());
        json.put("provenance", prov);
        Json.write(dir.resolve(JSON), json);
    }
}
