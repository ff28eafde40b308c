package lazyartist.explain;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import lazyartist.data.ColoredSplit;
import lazyartist.data.Pixels;
import lazyartist.data.SplitDataset;
import lazyartist.model.NetworkFamily;
import lazyartist.model.TappedNetwork;

/**
 * Runs one attribution method over chosen samples of a split, in batches, and scores the maps:
 * stroke share, pointing game and (optionally) the deletion curve.
 */
public final class Explanation {

    private static final int BATCH = 128;

    /**
     * Maps and scores of one method on some samples. An empty map (no positive attribution) points
     * nowhere: every score leaves it out, and {@link #emptyMaps} counts them.
     *
     * @param indices the samples of the split, in the order of the maps
     * @param maps N×28×28 attribution maps
     * @param empty per map, whether it has no positive attribution
     * @param deletionCurve mean class probability as 0%, 10%, …, 100% of pixels are removed (null if not run)
     * @param insertionCurve the same as pixels are put back into the baseline (null if not run)
     */
    public record Result(String method, int[] indices, float[] maps, int[] classes, int[] predicted,
            float[] confidence, boolean[] empty, double[] strokeShares, boolean[] pointingHits, double[] deletionCurve,
            double[] insertionCurve, double seconds) {

        public double meanStrokeShare() {
            return StrokeShare.mean(strokeShares);
        }

        public int emptyMaps() {
            int count = 0;
            for (boolean e : empty) {
                count += e ? 1 : 0;
            }
            return count;
        }

        /** Share of the non-empty maps whose maximum lies on the stroke. */
        public double pointingAccuracy() {
            int hits = 0;
            int counted = 0;
            for (int i = 0; i < pointingHits.length; i++) {
                if (!empty[i]) {
                    counted++;
                    hits += pointingHits[i] ? 1 : 0;
                }
            }
            return counted == 0 ? Double.NaN : hits / (double) counted;
        }

        public double deletionAuc() {
            return deletionCurve == null ? Double.NaN : Deletion.area(deletionCurve);
        }

        public double insertionAuc() {
            return insertionCurve == null ? Double.NaN : Deletion.area(insertionCurve);
        }
    }

    private Explanation() {}

    /** One method's maps for each choice of classes, and the seconds they took. */
    public record MapSets(List<float[]> maps, double seconds) {}

    /**
     * Every method's maps (N×28×28) of samples of a split, for each choice of classes (N classes each):
     * the methods share each batch of images, SmoothGrad's two variants one set of noisy gradients, and
     * a gradient-free method one set of passes for every choice.
     */
    public static Map<String, MapSets> maps(TappedNetwork net, ColoredSplit split, int[] indices,
            List<AttributionMethod> methods, List<int[]> choices) {
        int n = indices.length;
        Map<String, List<float[]>> maps = new LinkedHashMap<>();
        Map<String, Double> seconds = new LinkedHashMap<>();
        for (AttributionMethod m : methods) {
            List<float[]> sets = new ArrayList<>();
            choices.forEach(c -> sets.add(new float[n * Pixels.PIXELS]));
            maps.put(m.name(), sets);
            seconds.put(m.name(), 0.0);
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            int batchSize = net.batchFor(BATCH);
            for (int start = 0; start < n; start += batchSize) {
                int from = start;
                int to = Math.min(n, from + batchSize);
                List<int[]> batchChoices = choices.stream().map(c -> Arrays.copyOfRange(c, from, to)).toList();
                int[] batch = Arrays.copyOfRange(indices, from, to);
                java.util.Set<String> done = new java.util.HashSet<>();
                for (AttributionMethod m : methods) {
                    if (!done.add(m.name())) {
                        continue;
                    }
                    long t0 = System.nanoTime();
                    SmoothGrad sg = m instanceof SmoothGrad smooth ? smooth : null;
                    SmoothGrad twin = sg == null ? null : twin(sg, methods);
                    // Each method's temporaries live in its own scope: freed before the next method runs.
                    try (NDManager scope = manager.newSubManager()) {
                        NDArray x = SplitDataset.images(scope, split, batch);
                        if (twin != null) {
                            done.add(twin.name());
                            String plain = sg.squared() ? twin.name() : sg.name();
                            String squares = sg.squared() ? sg.name() : twin.name();
                            for (int c = 0; c < choices.size(); c++) {
                                float[][] moments = sg.moments(net, x, batchChoices.get(c));
                                System.arraycopy(moments[0], 0, maps.get(plain).get(c), from * Pixels.PIXELS,
                                        moments[0].length);
                                System.arraycopy(moments[1], 0, maps.get(squares).get(c), from * Pixels.PIXELS,
                                        moments[1].length);
                            }
                            double half = (System.nanoTime() - t0) / 2e9;
                            seconds.merge(plain, half, Double::sum);
                            seconds.merge(squares, half, Double::sum);
                            continue;
                        }
                        List<float[]> result = m.attribute(net, x, batchChoices);
                        for (int c = 0; c < choices.size(); c++) {
                            System.arraycopy(result.get(c), 0, maps.get(m.name()).get(c), from * Pixels.PIXELS,
                                    result.get(c).length);
                        }
                    }
                    seconds.merge(m.name(), (System.nanoTime() - t0) / 1e9, Double::sum);
                }
            }
        }
        Map<String, MapSets> out = new LinkedHashMap<>();
        maps.forEach((name, sets) -> out.put(name, new MapSets(sets, seconds.get(name))));
        return out;
    }

    /**
     * One method's maps on every member of a family (in member order), for each choice of classes, from
     * shared passes; each member is given an equal share of the seconds.
     */
    public static List<MapSets> maps(NetworkFamily family, ColoredSplit split, int[] indices, FamilyMethod method,
            List<int[]> choices) {
        int n = indices.length;
        int members = family.members().size();
        List<List<float[]>> maps = new ArrayList<>();
        for (int m = 0; m < members; m++) {
            List<float[]> sets = new ArrayList<>();
            choices.forEach(c -> sets.add(new float[n * Pixels.PIXELS]));
            maps.add(sets);
        }
        long start = System.nanoTime();
        // The members' passes are alive together: each gets its share of one network's batch memory.
        int batchSize = Math.max(1, family.members().get(0).batchFor(BATCH * members) / members);
        try (NDManager manager = NDManager.newBaseManager()) {
            for (int from = 0; from < n; from += batchSize) {
                int to = Math.min(n, from + batchSize);
                int offset = from;
                List<int[]> batchChoices = choices.stream().map(c -> Arrays.copyOfRange(c, offset, to)).toList();
                try (NDManager scope = manager.newSubManager()) {
                    NDArray x = SplitDataset.images(scope, split, Arrays.copyOfRange(indices, from, to));
                    List<List<float[]>> result = method.attribute(family, x, batchChoices);
                    for (int m = 0; m < members; m++) {
                        for (int c = 0; c < choices.size(); c++) {
                            float[] part = result.get(m).get(c);
                            System.arraycopy(part, 0, maps.get(m).get(c), from * Pixels.PIXELS, part.length);
                        }
                    }
                }
            }
        }
        double share = (System.nanoTime() - start) / 1e9 / members;
        return maps.stream().map(sets -> new MapSets(sets, share)).toList();
    }

    /** The other variant of a SmoothGrad among the methods, when it draws the same noisy copies. */
    private static SmoothGrad twin(SmoothGrad sg, List<AttributionMethod> methods) {
        for (AttributionMethod m : methods) {
            if (m instanceof SmoothGrad other && !other.name().equals(sg.name()) && other.sharesSamples(sg)) {
                return other;
            }
        }
        return null;
    }

    /** Runs a method over samples; {@code curves} adds the deletion and insertion curves. */
    public static Result run(TappedNetwork net, ColoredSplit split, int[] indices, AttributionMethod method,
            Target target, double threshold, boolean curves) {
        int n = indices.length;
        float[] maps = new float[n * Pixels.PIXELS];
        int[] classes = new int[n];
        int[] predicted = new int[n];
        float[] confidence = new float[n];
        boolean[] empty = new boolean[n];
        double[] deletion = curves ? new double[Deletion.STEPS + 1] : null;
        double[] insertion = curves ? new double[Deletion.STEPS + 1] : null;
        int curved = 0;
        long start = System.nanoTime();
        try (NDManager manager = NDManager.newBaseManager()) {
            int batchSize = net.batchFor(BATCH);
            for (int from = 0; from < n; from += batchSize) {
                int[] batch = Arrays.copyOfRange(indices, from, Math.min(n, from + batchSize));
                try (NDManager scope = manager.newSubManager()) {
                    NDArray x = SplitDataset.images(scope, split, batch);
                    int offset = from;
                    AttributionMethod.Chosen chosen = method.attribute(net, x, p -> {
                        int[] labels = new int[batch.length];
                        for (int i = 0; i < batch.length; i++) {
                            int best = argMax(p, i);
                            predicted[offset + i] = best;
                            confidence[offset + i] = p[i * 10 + best];
                            labels[i] = split.labels()[batch[i]];
                        }
                        return target.classes(Arrays.copyOfRange(predicted, offset, offset + batch.length), labels);
                    });
                    int[] cls = chosen.classes();
                    float[] m = chosen.maps();
                    System.arraycopy(cls, 0, classes, from, cls.length);
                    System.arraycopy(m, 0, maps, from * Pixels.PIXELS, m.length);
                    int[] kept = IntStream.range(0, batch.length).filter(i -> {
                        empty[offset + i] = IntStream.range(0, Pixels.PIXELS).noneMatch(q -> m[i * Pixels.PIXELS + q] > 0);
                        return !empty[offset + i];
                    }).toArray();
                    if (curves && kept.length > 0) {
                        float[] keptX = rows(x.toFloatArray(), kept, 3 * Pixels.PIXELS);
                        float[] keptMaps = rows(m, kept, Pixels.PIXELS);
                        int[] keptClasses = IntStream.of(kept).map(i -> cls[i]).toArray();
                        add(deletion, Deletion.curve(net, keptX, keptMaps, keptClasses, false, scope), kept.length);
                        add(insertion, Deletion.curve(net, keptX, keptMaps, keptClasses, true, scope), kept.length);
                        curved += kept.length;
                    }
                }
            }
        }
        if (curves) {
            for (int s = 0; s <= Deletion.STEPS; s++) {
                deletion[s] = curved == 0 ? Double.NaN : deletion[s] / curved;
                insertion[s] = curved == 0 ? Double.NaN : insertion[s] / curved;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Result(method.name(), indices.clone(), maps, classes, predicted, confidence, empty,
                StrokeShare.shares(maps, split.strokes(), indices, threshold),
                StrokeShare.pointingHits(maps, split.strokes(), indices, threshold), deletion, insertion, seconds);
    }

    /** The given rows of a row-major array with rows of {@code width}. */
    private static float[] rows(float[] values, int[] rows, int width) {
        float[] out = new float[rows.length * width];
        for (int k = 0; k < rows.length; k++) {
            System.arraycopy(values, rows[k] * width, out, k * width, width);
        }
        return out;
    }

    /** Adds a batch's mean curve, weighted by its image count, to a running sum. */
    private static void add(double[] sum, double[] curve, int count) {
        for (int s = 0; s < curve.length; s++) {
            sum[s] += curve[s] * count;
        }
    }

    private static int argMax(float[] p, int row) {
        int best = 0;
        for (int c = 1; c < 10; c++) {
            if (p[row * 10 + c] > p[row * 10 + best]) {
                best = c;
            }
        }
        return best;
    }
}
