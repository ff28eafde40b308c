package lazyartist.task;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import lazyartist.attack.Cloak;
import lazyartist.attack.MinimalEpsilon;
import lazyartist.attack.Norm;
import lazyartist.attack.Outcome;
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
 * An attack run on disk: {@code attack.json} with every number (per norm: each attack and the suite
 * at ε, the curves, the minimal ε, the robust accuracy; the masking flags; universal perturbations;
 * the matrix); the saved adversarial images {@code adversarial-<method>-<norm>.npy} (uint8 N×28×28×3,
 * as {@code images.npy}) with {@code indices.npy}; {@code universal-<ε>.npy} (float32 28×28×3); and the
 * figures ({@code attack-<norm>.png}, {@code curves-<norm>.png}, {@code universal.png}, {@code matrix.png}).
 */
public final class AttackFiles {

    public static final String JSON = "attack.json";
    public static final String MATRIX = "matrix.png";
    public static final String UNIVERSAL = "universal.png";
    public static final String INDICES = "indices.npy";
    private static final int GRID_ROWS = 6;

    private AttackFiles() {}

    /** The saved adversarial images of one method in one norm. */
    public static String adversarial(String method, String norm) {
        return "adversarial-" + method + "-" + norm + ".npy";
    }

    /** The grid of clean, adversarial and change images in one norm. */
    public static String grid(String norm) {
        return "attack-" + norm + ".png";
    }

    /** The success-vs-ε chart in one norm. */
    public static String curves(String norm) {
        return "curves-" + norm + ".png";
    }

    /** The universal perturbation fitted at one budget. */
    public static String universal(double epsilon) {
        return String.format(Locale.ROOT, "universal-%s.npy", epsilon);
    }

    public static void write(Path dir, String model, String split, Cloak.Result result, Map<String, Object> provenance) {
        Cloak.Options o = result.plan().options();
        long n = result.targets().size();
        Npy.write(dir.resolve(INDICES), java.util.Arrays.stream(result.targets().indices()).asLongStream().toArray(), n);
        List<Map<String, Object>> norms = new ArrayList<>();
        for (Cloak.PerNorm p : result.norms()) {
            Map<String, Object> attacks = new LinkedHashMap<>();
            for (Outcome outcome : p.outcomes()) {
                Npy.write(dir.resolve(adversarial(outcome.attack(), p.norm())), outcome.adversarial(), n, Pixels.SIDE,
                        Pixels.SIDE, Pixels.CHANNELS);
                attacks.put(outcome.attack(), outcomeJson(outcome, p.norm(), true));
            }
            List<Map<String, Object>> curves = new ArrayList<>();
            p.curves().forEach(c -> curves.add(outcomeJson(c, p.norm(), false)));
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("norm", p.norm());
            entry.put("epsilon", p.epsilon());
            entry.put("strongest", p.strongest());
            entry.put("attacks", attacks);
            entry.put("curves", curves);
            entry.put("curveSuite", p.curveSuite());
            entry.put("minimalEpsilon", p.minimal());
            entry.put("robustAccuracy", p.robust());
            norms.add(entry);
            Norm norm = Norm.parse(p.norm());
            Png.write(dir.resolve(grid(p.norm())), AttackGrid.draw(String.format(Locale.ROOT, "%s: %d → %d, %s ≤ %s",
                    model, o.from(), o.to(), norm.symbol(), p.epsilon()), result.targets(), p.outcomes(), norm,
                    p.epsilon(), o.to(), GRID_ROWS));
            if (!p.curves().isEmpty()) {
                Png.write(dir.resolve(curves(p.norm())), AttackCurves.draw(String.format(Locale.ROOT,
                        "%s: %d → %d fooled at ≥ %.0f%% confidence", model, o.from(), o.to(),
                        100 * o.settings().confidence()), norm.symbol(), AttackCurves.of(model,
                        Json.MAPPER.valueToTree(curves))));
            }
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("model", model);
        json.put("split", split);
        json.put("options", o);
        json.put("suite", result.plan().suite() == null ? null : result.plan().suite().attacks().stream()
                .map(a -> a.key()).toList());
        json.put("attacked", result.targets().indices());
        json.put("cleanConfidence", result.targets().cleanConfidence());
        json.put("norms", norms);
        json.put("flags", result.flags());
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
        Cloak.PerNorm linf = result.in(Norm.LINF);
        json.put("matrixAttack", result.matrix() == null || linf == null ? null : linf.strongest());
        json.put("matrix", result.matrix());
        Map<String, Object> prov = new LinkedHashMap<>(provenance);
        prov.put("versions", Versions.all());
        json.put("provenance", prov);
        if (!result.universal().isEmpty()) {
            Png.write(dir.resolve(UNIVERSAL), UniversalImage.draw(model, result.universal()));
        }
        if (result.matrix() != null) {
            List<String> digits = java.util.stream.IntStream.range(0, 10).mapToObj(Integer::toString).toList();
            Png.write(dir.resolve(MATRIX), Heatmap.rates(String.format("%s: fooled at ε = %s by %s", model,
                    o.epsilon(), linf.strongest()), result.matrix(), digits, digits, "source digit", "target digit"));
        }
        Json.write(dir.resolve(JSON), json);
    }

    private static Map<String, Object> outcomeJson(Outcome outcome, String norm, boolean perImage) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("attack", outcome.attack());
        entry.put("epsilon", outcome.epsilon());
        entry.put("successRate", outcome.successRate());
        entry.put("meanTargetConfidence", outcome.meanTargetConfidence());
        entry.put("maxChange", outcome.maxChange());
        entry.put("seconds", outcome.seconds());
        entry.put("images", outcome.images());
        if (perImage) {
            entry.put("attacked", outcome.attacked());
            entry.put("predicted", outcome.predicted());
            entry.put("targetConfidence", outcome.targetConfidence());
            entry.put("fooled", outcome.fooled());
            entry.put("file", adversarial(outcome.attack(), norm));
        }
        return entry;
    }

    /** The median minimal ε as text: a number, or "> max" when most images resist every budget. */
    static String median(MinimalEpsilon m) {
        return Double.isNaN(m.median()) ? "> " + m.max() : String.format(Locale.ROOT, "%.4f", m.median());
    }
}
