package lazyartist.report;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import lazyartist.attack.Cloak;
import lazyartist.io.Json;
import lazyartist.io.Versions;

/** An attack run on disk: {@code attack.json} with every number and {@code attack.png}. */
public final class AttackFiles {

    public static final String JSON = "attack.json";
    public static final String GRID = "attack.png";
    private static final int GRID_ROWS = 6;

    private AttackFiles() {}

    public static void write(Path dir, String model, String split, Cloak.Result result,
            Map<String, Object> provenance) {
        Cloak.Options o = result.options();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("model", model);
        json.put("split", split);
        json.put("options", o);
        json.put("attacked", result.indices());
        json.put("cleanConfidence", result.cleanConfidence());
        Map<String, Object> attacks = new LinkedHashMap<>();
        for (Cloak.Outcome outcome : result.outcomes()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("successRate", outcome.successRate());
            entry.put("meanTargetConfidence", outcome.meanTargetConfidence());
            entry.put("maxLinf", outcome.maxLinf());
            entry.put("seconds", outcome.seconds());
            entry.put("predicted", outcome.predicted());
            entry.put("targetConfidence", outcome.targetConfidence());
            attacks.put(outcome.attack(), entry);
        }
        json.put("attacks", attacks);
        Map<String, Object> prov = new LinkedHashMap<>(provenance);
        prov.put("versions", Versions.all());
        json.put("provenance", prov);
        String title = String.format("%s: %d → %d, L∞ ≤ %s", model, o.from(), o.to(), o.epsilon());
        Png.write(dir.resolve(GRID), AttackGrid.draw(title, result, GRID_ROWS));
        Json.write(dir.resolve(JSON), json);
    }
}
