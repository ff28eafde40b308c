package lazyartist.task;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import lazyartist.decompose.Frontier;
import lazyartist.decompose.SaeOptions;
import lazyartist.figures.FrontierChart;
import lazyartist.figures.Png;
import lazyartist.io.AtomicFiles;
import lazyartist.io.Json;
import lazyartist.io.Versions;

/**
 * The sparsity–fidelity frontier on disk, in a decomposition's folder: {@code frontier.json} (every
 * point and what made it), {@code frontier.csv} and {@code frontier.png}.
 */
public final class FrontierFiles {

    public static final String JSON = "frontier.json";
    public static final String CSV = "frontier.csv";
    public static final String PNG = "frontier.png";

    private FrontierFiles() {}

    public static void write(Path dir, String model, String stage, SaeOptions base, List<Frontier.Point> points,
            Map<String, Object> provenance) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("model", model);
        json.put("stage", stage);
        json.put("split", "val");
        json.put("expansion", base.expansion());
        json.put("epochs", base.epochs());
        json.put("seed", base.seed());
        json.put("points", points);
        Map<String, Object> prov = new LinkedHashMap<>(provenance);
        prov.put("versions", Versions.all());
        json.put("provenance", prov);
        Json.write(dir.resolve(JSON), json);
        StringBuilder csv = new StringBuilder(
                "kind,knob,value,l0,explained_variance,ce_recovered,kl_score,dead_share,seconds\n");
        for (Frontier.Point p : points) {
            csv.append(String.format(Locale.ROOT, "%s,%s,%s,%.4f,%.5f,%.5f,%.5f,%.4f,%.1f%n", p.kind(), p.knob(),
                    p.value(), p.l0(), p.explainedVariance(), p.ceRecovered(), p.klScore(), p.deadShare(),
                    p.seconds()));
        }
        AtomicFiles.write(dir.resolve(CSV), csv.toString().getBytes(StandardCharsets.UTF_8));
        Png.write(dir.resolve(PNG), FrontierChart.draw(model + " " + stage, points));
    }
}
