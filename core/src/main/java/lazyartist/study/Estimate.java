package lazyartist.study;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lazyartist.io.Json;

/**
 * The study's time on this machine, before it starts: each planned stage's time in a reference run
 * of the same preset (measured on the machine the reference names), scaled by how fast this machine
 * trains the lazy CNN against the reference machine's figure.
 *
 * @param seconds the estimated time of the stages with a reference
 * @param unknown the planned stages without one (a config the reference did not run)
 */
record Estimate(double seconds, List<String> unknown) {

    /** One planned stage: its name in the ledger (null while it depends on a result to come) and its reference key. */
    record Stage(String name, String key) {}

    /** A reference run: where it was measured, its lazy-CNN training speed, and per preset each stage key's seconds. */
    record Reference(String machine, double imagesPerSecond, Map<String, Map<String, Double>> presets) {

        static Reference load() {
            try (InputStream in = Estimate.class.getResourceAsStream("reference-times.json")) {
                JsonNode root = Json.MAPPER.readTree(in);
                Map<String, Map<String, Double>> presets = new LinkedHashMap<>();
                root.get("presets").fields().forEachRemaining(p -> {
                    Map<String, Double> times = new LinkedHashMap<>();
                    p.getValue().fields().forEachRemaining(t -> times.put(t.getKey(), t.getValue().asDouble()));
                    presets.put(p.getKey(), times);
                });
                return new Reference(root.get("machine").asText(), root.get("imagesPerSecond").asDouble(), presets);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** A stage's reference key: its name without the mode and the seed ("debias-lff-s42-background" → "debias-lff"). */
    static String key(String stage) {
        return stage.replaceAll("-(background|foreground)$", "").replaceAll("-s\\d+$", "");
    }

    /** The estimate of some stages from a preset's times, this machine being {@code speed} times the reference. */
    static Estimate of(List<Stage> stages, Map<String, Double> times, double speed) {
        double seconds = 0;
        List<String> unknown = new ArrayList<>();
        for (Stage s : stages) {
            Double t = times.get(s.key());
            if (t == null) {
                unknown.add(s.name() != null ? s.name() : s.key());
            } else {
                seconds += t / speed;
            }
        }
        return new Estimate(seconds, unknown);
    }
}
