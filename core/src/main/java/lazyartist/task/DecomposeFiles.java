package lazyartist.task;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lazyartist.data.ColoredSplit;
import lazyartist.data.Palette;
import lazyartist.data.Purity;
import lazyartist.decompose.Decomposition;
import lazyartist.decompose.DensityHistogram;
import lazyartist.decompose.Feature;
import lazyartist.decompose.FeatureRender;
import lazyartist.figures.DensityChart;
import lazyartist.figures.FeatureDashboard;
import lazyartist.figures.Png;
import lazyartist.io.Json;
import lazyartist.io.Versions;

/**
 * A decomposition's results on disk: {@code decompose.json} (metrics, counts, interventions, the
 * density histogram, the rendered features' objectives), {@code features.json} (every feature), one
 * dashboard PNG per label and {@code density.png}.
 */
public final class DecomposeFiles {

    public static final String JSON = "decompose.json";
    public static final String FEATURES = lazyartist.decompose.SaeStore.FEATURES;
    public static final String DENSITY = "density.png";
    /** Written last in a model's decompose/ folder by the study: which stage was decomposed. */
    public static final String DECOMPOSED = "decomposed.json";
    /** Written last in a model's decompose/ folder by the study: the kind and sizes of its frontier. */
    public static final String FRONTIER_DRAWN = "frontier-drawn.json";

    private DecomposeFiles() {}

    /** The dashboard of one label. */
    public static String dashboard(String label) {
        return "features-" + label + ".png";
    }

    public static void write(Path dir, String model, Decomposition.Result r, ColoredSplit hard, Palette palette,
            Map<String, Object> provenance) {
        Map<Integer, float[]> pictures = new LinkedHashMap<>();
        List<Map<String, Object>> rendered = new java.util.ArrayList<>();
        for (FeatureRender.Rendered f : r.rendered()) {
            pictures.put(f.feature(), f.image());
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("feature", f.feature());
            e.put("startObjective", f.startObjective());
            e.put("objective", f.objective());
            e.put("randomDirectionObjective", f.randomDirectionObjective());
            rendered.add(e);
        }
        for (String label : Purity.LABELS) {
            Png.write(dir.resolve(dashboard(label)), FeatureDashboard.draw(String.format(
                    "%s, %s: the strongest %s features (rendered direction, top hard digits, logit effect)",
                    model, r.stage(), label),
                    Decomposition.dashboard(r.features(), label), pictures, r.fireMaps(), hard, palette));
        }
        Json.write(dir.resolve(FEATURES), r.features());
        DensityHistogram density = DensityHistogram.of(r.features());
        Png.write(dir.resolve(DENSITY), DensityChart.draw(model + ", " + r.stage() + ": feature density", density));
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
        json.put("densityHistogram", density);
        json.put("counts", r.counts());
        json.put("interventions", r.interventions());
        json.put("steering", r.steering());
        json.put("retrainedHeads", r.heads());
        json.put("rendered", rendered);
        json.put("renderedWith", lazyartist.probe.Render.DEFAULT);
        json.put("seconds", r.seconds());
        Map<String, Object> prov = new LinkedHashMap<>(provenance);
        prov.put("versions", Versions.all());
        json.put("provenance", prov);
        Json.write(dir.resolve(JSON), json);
    }
}
