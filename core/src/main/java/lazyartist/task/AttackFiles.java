package lazyartist.task;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import lazyartist.attack.Cloak;
import lazyartist.attack.MinimalEpsilon;
import lazyartist.attack.Universal;
import lazyartist.data.Pixels;
import lazyartist.figures.AttackCurves;
import lazyartist.figures.AttackGrid;
import lazyartist.figures.Heatmap;
import lazyartist.figures.Png;
import lazyartist.figures.UniversalImage;
import lazyartist.io.Json;
import lazyartist.io.Npy;
import lazyartist.io.Versions;

/**
 * An attack run on disk: {@code attack.json} with every number; the saved adversarial images
 * {@code adversarial-<method>.npy} (uint8 N×28×28×3, as {@code images.npy}) with {@code indices.npy};
 * {@code universal.npy} (float32 28×28×3); and the figures.
 */
public final class AttackFiles {

    public static final String JSON = "attack.json";
    public static final String GRID = "attack.png";
    public static final String CURVES = "curves.png";
    public static final String MATRIX = "matrix.png";
    public static final String UNIVERSAL = "universal.png";
    public static final String INDICES = "indices.npy";
    private static final int GRID_ROWS = 6;

    private AttackFiles() {}

    /** The saved adversarial images of one method. */
    public static String adversarial(String method) {
        return "adversarial-" + method + ".npy";
    }

    /** The universal perturbation fitted at one budget. */
    public static String universal(double epsilon) {
        return String.format(Locale.ROOT, "universal-%s.npy", epsilon);
    }

    public static void write(Path dir, String model, String split, Cloak.Result result,
            Map<String, Object> provenance) {
        Cloak.Options o = result.plan().options();
        long n = result.targets().size();
        Npy.write(dir.resolve(INDICES), java.util.Arrays.stream(result.targets().indices()).asLongStream().toArray(), n);
        Map<String, Object> attacks = new LinkedHashMap<>();
        for (Cloak.Outcome outcome : result.outcomes()) {
            Npy.write(dir.resolve(adversarial(outcome.attack())), outcome.adversarial(), n, Pixels.SIDE, Pixels.SIDE,
                    Pixels.CHANNELS);
            attacks.put(outcome.attack(), outcomeJson(outcome, true));
        }
        List<Map<String, Object>> curves = new ArrayList<>();
        result.curves().forEach(c -> curves.add(outcomeJson(c, false)));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("model", model);
        json.put("split", split);
        json.put("options", o);
        json.put("strongest", result.strongest());
        json.put("attacked", result.targets().indices());
        json.put("cleanConfidence", result.targets().cleanConfidence());
        json.put("attacks", attacks);
        json.put("curves", curves);
        json.put("minimalEpsilon", result.minimal());
        List<Map<String, Object>> universal = new ArrayList<>();
        for (Universal u : result.universal()) {
            Npy.write(dir.resolve(universal(u.epsilon())), u.delta(), Pixels.SIDE, Pixels.SIDE, Pixels.CHANNELS);
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("epsilon", u.epsilon());
            entry.put("file", universal(u.epsilon()));
            entry.put("fitImages", u.fitImages());
            entry.put("heldOutImages", u.heldOutImages());
            entry.put("heldOutSuccess", u.heldOutSuccess());
            entry.put("meanTargetConfidence", u.meanTargetConfidence());
            entry.put("seconds", u.seconds());
            universal.add(entry);
        }
        json.put("universal", universal);
        json.put("matrix", result.matrix());
        Map<String, Object> prov = new LinkedHashMap<>(provenance);
        prov.put("versions", Versions.all());
        json.put("provenance", prov);
        String title = String.format("%s: %d → %d, L∞ ≤ %s", model, o.from(), o.to(), o.epsilon());
        Png.write(dir.resolve(GRID), AttackGrid.draw(title, result, GRID_ROWS));
        if (!result.curves().isEmpty()) {
            Png.write(dir.resolve(CURVES), AttackCurves.draw(String.format("%s: %d → %d fooled at ≥ %.0f%% confidence",
                    model, o.from(), o.to(), 100 * o.settings().confidence()),
                    AttackCurves.of(model, Json.MAPPER.valueToTree(curves))));
        }
        if (!result.universal().isEmpty()) {
            Png.write(dir.resolve(UNIVERSAL), UniversalImage.draw(model, result.universal()));
        }
        if (result.matrix() != null) {
            List<String> digits = java.util.stream.IntStream.range(0, 10).mapToObj(Integer::toString).toList();
            Png.write(dir.resolve(MATRIX), Heatmap.rates(String.format("%s: fooled at ε = %s by %s", model,
                    o.epsilon(), result.strongest()), result.matrix(), digits, digits, "source digit", "target digit"));
        }
        Json.write(dir.resolve(JSON), json);
    }

    private static Map<String, Object> outcomeJson(Cloak.Outcome outcome, boolean perImage) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("attack", outcome.attack());
        entry.put("epsilon", outcome.epsilon());
        entry.put("successRate", outcome.successRate());
        entry.put("meanTargetConfidence", outcome.meanTargetConfidence());
        entry.put("maxChange", outcome.maxChange());
        entry.put("seconds", outcome.seconds());
        if (perImage) {
            entry.put("predicted", outcome.predicted());
            entry.put("targetConfidence", outcome.targetConfidence());
            entry.put("file", adversarial(outcome.attack()));
        }
        return entry;
    }

    /** The median minimal ε as text: a number, or "> max" when most images resist every budget. */
    static String median(MinimalEpsilon m) {
        return Double.isNaN(m.median()) ? "> " + m.max() : String.format(Locale.ROOT, "%.4f", m.median());
    }
}
