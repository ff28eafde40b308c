package lazyartist.explain;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.util.Arrays;
import lazyartist.data.ColoredSplit;
import lazyartist.data.Mnist;
import lazyartist.data.SplitDataset;
import lazyartist.model.TappedNetwork;

/**
 * Runs one attribution method over chosen samples of a split, in batches, and scores the maps:
 * stroke share, pointing game and (optionally) the deletion curve.
 */
public final class Explanation {

    private static final int BATCH = 128;

    /**
     * Maps and scores of one method on some samples.
     *
     * @param indices the samples of the split, in the order of the maps
     * @param maps N×28×28 attribution maps
     * @param deletionCurve mean class probability as 0%, 10%, …, 100% of pixels are removed (null if not run)
     */
    public record Result(String method, int[] indices, float[] maps, int[] classes, int[] predicted,
            float[] confidence, double[] strokeShares, boolean[] pointingHits, double[] deletionCurve, double seconds) {

        public double meanStrokeShare() {
            return StrokeShare.mean(strokeShares);
        }

        public double pointingAccuracy() {
            int hits = 0;
            for (boolean h : pointingHits) {
                hits += h ? 1 : 0;
            }
            return pointingHits.length == 0 ? Double.NaN : hits / (double) pointingHits.length;
        }

        public double deletionAuc() {
            return deletionCurve == null ? Double.NaN : Deletion.area(deletionCurve);
        }
    }

    private Explanation() {}

    public static Result run(TappedNetwork net, ColoredSplit split, int[] indices, AttributionMethod method,
            Target target, double threshold, boolean deletion) {
        int n = indices.length;
        float[] maps = new float[n * Mnist.PIXELS];
        int[] classes = new int[n];
        int[] predicted = new int[n];
        float[] confidence = new float[n];
        double[] curve = deletion ? new double[Deletion.STEPS + 1] : null;
        long start = System.nanoTime();
        try (NDManager manager = NDManager.newBaseManager()) {
            for (int from = 0; from < n; from += BATCH) {
                int[] batch = Arrays.copyOfRange(indices, from, Math.min(n, from + BATCH));
                try (NDManager scope = manager.newSubManager()) {
                    NDArray x = SplitDataset.images(scope, split, batch);
                    float[] p = net.logits(new ParameterStore(scope, false), x, false).softmax(1).toFloatArray();
                    int[] labels = new int[batch.length];
                    for (int i = 0; i < batch.length; i++) {
                        int best = argMax(p, i);
                        predicted[from + i] = best;
                        confidence[from + i] = p[i * 10 + best];
                        labels[i] = split.labels()[batch[i]];
                    }
                    int[] cls = target.classes(Arrays.copyOfRange(predicted, from, from + batch.length), labels);
                    System.arraycopy(cls, 0, classes, from, cls.length);
                    float[] m = method.attribute(net, x, cls);
                    System.arraycopy(m, 0, maps, from * Mnist.PIXELS, m.length);
                    if (deletion) {
                        double[] part = Deletion.curve(net, x.toFloatArray(), m, backgroundMeans(split, batch, threshold),
                                cls, scope);
                        for (int s = 0; s < part.length; s++) {
                            curve[s] += part[s] * batch.length / n;
                        }
                    }
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Result(method.name(), indices.clone(), maps, classes, predicted, confidence,
                StrokeShare.shares(maps, split.strokes(), indices, threshold),
                StrokeShare.pointingHits(maps, split.strokes(), indices, threshold), curve, seconds);
    }

    /** Per sample, the mean R, G, B (in [0, 1]) of its non-stroke pixels: what deletion paints with. */
    static float[] backgroundMeans(ColoredSplit split, int[] samples, double threshold) {
        float[] out = new float[samples.length * 3];
        for (int i = 0; i < samples.length; i++) {
            double[] sum = new double[3];
            int count = 0;
            for (int p = 0; p < Mnist.PIXELS; p++) {
                if (!StrokeShare.isStroke(split.strokes(), samples[i], p, threshold)) {
                    for (int c = 0; c < 3; c++) {
                        sum[c] += split.images()[samples[i] * ColoredSplit.IMAGE_BYTES + p * 3 + c] & 0xff;
                    }
                    count++;
                }
            }
            for (int c = 0; c < 3; c++) {
                out[i * 3 + c] = (float) (sum[c] / Math.max(1, count) / 255);
            }
        }
        return out;
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
