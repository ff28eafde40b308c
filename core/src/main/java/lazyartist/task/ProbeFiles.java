package lazyartist.task;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;
import lazyartist.data.ColoredSplit;
import lazyartist.data.Palette;
import lazyartist.figures.Png;
import lazyartist.figures.ProbeGrid;
import lazyartist.io.Json;
import lazyartist.io.Versions;
import lazyartist.probe.Probing;
import lazyartist.probe.TopActivating;

/**
 * Writes a probe: per stage {@code maximise-<stage>.png} (one image per channel) and
 * {@code top-<stage>.png} (each channel's top samples with its label), and {@code probe.json}
 * with every channel's purities and the per-stage colour / shape / mixed counts.
 */
public final class ProbeFiles {

    public static final String JSON = "probe.json";
    /** Channels shown in a top-samples grid, and samples per channel. */
    static final int ROWS = 16;
    static final int SHOWN = 8;

    /** One stage's summary in {@code probe.json}. */
    public record StageSummary(String stage, Map<String, Integer> counts, List<TopActivating.Channel> channels) {}

    /** The whole of {@code probe.json}. */
    public record ProbeJson(String model, String split, int k, String objective, Object render,
            List<StageSummary> stages, Map<String, Double> seconds, Map<String, Object> provenance) {}

    private ProbeFiles() {}

    /**
     * Writes the grids and {@code probe.json}; {@code extraSeconds} adds the time of methods run
     * beside the probe (filters, feature maps, deep dream, inversion).
     */
    public static void write(Path dir, String model, ColoredSplit split, int k, String objective, Object render,
            Probing.Result result, Palette palette, Map<String, Double> extraSeconds, Map<String, Object> provenance) {
        List<StageSummary> stages = new ArrayList<>();
        for (Probing.Stage s : result.stages()) {
            int[] channels = IntStream.range(0, s.channels().size()).toArray();
            if (s.maximised() != null) {
                Png.write(dir.resolve("maximise-" + s.stage() + ".png"), ProbeGrid.draw(String.format(Locale.ROOT,
                        "%s, %s: images maximising each channel's %s", model, s.stage(), objective), s.maximised(),
                        channels));
            }
            List<int[]> tops = new ArrayList<>();
            List<String> captions = new ArrayList<>();
            for (TopActivating.Channel c : s.channels().subList(0, Math.min(ROWS, s.channels().size()))) {
                tops.add(c.top());
                captions.add(String.format(Locale.ROOT, "ch %d %s: %.0f%% %s, %.0f%% digit %d", c.channel(), c.label(),
                        100 * c.colourPurity(), palette.get(c.commonColour()).name(), 100 * c.digitPurity(),
                        c.commonDigit()));
            }
            Png.write(dir.resolve("top-" + s.stage() + ".png"), ProbeGrid.topSamples(String.format(Locale.ROOT,
                    "%s, %s: top-activating %s digits per channel (colour %d, shape %d, mixed %d)", model, s.stage(),
                    split.name(), s.counts().get("colour"), s.counts().get("shape"), s.counts().get("mixed")), split,
                    tops, captions, SHOWN));
            stages.add(new StageSummary(s.stage(), s.counts(), s.channels()));
        }
        Map<String, Object> prov = new LinkedHashMap<>(provenance);
        prov.put("versions", Versions.all());
        Map<String, Double> seconds = new LinkedHashMap<>();
        seconds.put("topActivating", result.topSeconds());
        if (result.stages().stream().anyMatch(s -> s.maximised() != null)) {
            seconds.put("activationMaximisation", result.maximiseSeconds());
        }
        seconds.putAll(extraSeconds);
        Json.write(dir.resolve(JSON), new ProbeJson(model, split.name(), k, objective, render, stages, seconds, prov));
    }
}
