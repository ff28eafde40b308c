package lazyartist.task;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import lazyartist.data.ColoredSplit;
import lazyartist.data.Palette;
import lazyartist.data.Pixels;
import lazyartist.explain.Explanation;
import lazyartist.explain.Interrogation;
import lazyartist.figures.AttributionGrid;
import lazyartist.figures.Png;
import lazyartist.io.Json;
import lazyartist.io.Npy;
import lazyartist.io.Versions;

/**
 * Writes explanations: per method the raw maps ({@code maps-<method>.npy}, N×28×28 float32) with
 * the sample indices, PNG grids for colour-conflicting and colour-aligned samples, and
 * {@code explain.json} with stroke shares, pointing games and deletion AUCs.
 */
public final class ExplainFiles {

    public static final String JSON = "explain.json";
    static final int GRID_ROWS = 6;

    /**
     * One method's numbers.
     *
     * @param emptyMaps maps with no positive mass, left out of every score
     */
    public record MethodScores(String method, int count, double strokeShare, int emptyMaps, double pointingAccuracy,
            double deletionAuc, double insertionAuc, double[] deletionCurve, double[] insertionCurve, double seconds) {

        public static MethodScores of(Explanation.Result r) {
            return new MethodScores(r.method(), r.indices().length, r.meanStrokeShare(), r.emptyMaps(),
                    r.pointingAccuracy(), r.deletionAuc(), r.insertionAuc(), r.deletionCurve(), r.insertionCurve(),
                    r.seconds());
        }
    }

    /** The whole of {@code explain.json}. */
    public record ExplainJson(String model, String split, String layer, String target, double strokeThreshold,
            List<MethodScores> methods, Map<String, Object> provenance) {}

    private ExplainFiles() {}

    /** Writes everything an interrogation produced. */
    public static void write(Path dir, String model, Interrogation interrogation, String layer, String target,
            double threshold, Palette palette, Map<String, Object> provenance) {
        ColoredSplit split = interrogation.split();
        List<Explanation.Result> results = interrogation.results();
        ColoredSplit alignedSplit = interrogation.alignedSplit();
        List<Explanation.Result> alignedResults = interrogation.aligned();
        List<MethodScores> scores = new ArrayList<>();
        for (int m = 0; m < results.size(); m++) {
            Explanation.Result r = results.get(m);
            String file = fileName(r.method());
            Npy.write(dir.resolve("maps-" + file + ".npy"), r.maps(), r.indices().length, Pixels.SIDE, Pixels.SIDE);
            Npy.write(dir.resolve("indices-" + file + ".npy"),
                    java.util.Arrays.stream(r.indices()).asLongStream().toArray(), r.indices().length);
            grid(dir.resolve(file + "-conflicting.png"), model + ", " + r.method() + ": colour-conflicting " + split.name()
                    + " digits", split, r, i -> !split.aligned(r.indices()[i]), palette);
            Explanation.Result a = alignedResults.get(m);
            grid(dir.resolve(file + "-aligned.png"), model + ", " + r.method() + ": colour-aligned " + alignedSplit.name()
                    + " digits", alignedSplit, a, i -> alignedSplit.aligned(a.indices()[i]), palette);
            scores.add(MethodScores.of(r));
        }
        Map<String, Object> prov = new LinkedHashMap<>(provenance);
        prov.put("versions", Versions.all());
        Json.write(dir.resolve(JSON), new ExplainJson(model, split.name(), layer, target, threshold, scores, prov));
    }

    /** The file-name form of a method name ("gradcam++" becomes "gradcampp"). */
    public static String fileName(String method) {
        return method.replace("+", "p");
    }

    private static void grid(Path file, String title, ColoredSplit split, Explanation.Result r,
            java.util.function.IntPredicate keep, Palette palette) {
        int[] rows = IntStream.range(0, r.indices().length).filter(keep).limit(GRID_ROWS).toArray();
        int[] samples = new int[rows.length];
        float[] maps = new float[rows.length * Pixels.PIXELS];
        int[] predicted = new int[rows.length];
        float[] confidence = new float[rows.length];
        for (int k = 0; k < rows.length; k++) {
            samples[k] = r.indices()[rows[k]];
            System.arraycopy(r.maps(), rows[k] * Pixels.PIXELS, maps, k * Pixels.PIXELS, Pixels.PIXELS);
            predicted[k] = r.predicted()[rows[k]];
            confidence[k] = r.confidence()[rows[k]];
        }
        Png.write(file, AttributionGrid.draw(title, split, samples, maps, predicted, confidence, palette));
    }
}
