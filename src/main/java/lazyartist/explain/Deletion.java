package lazyartist.explain;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import lazyartist.data.Mnist;
import lazyartist.model.TappedNetwork;

/**
 * The deletion curve (Petsiuk et al., 2018): remove the most attributed pixels first, by
 * setting them to the image's mean background colour, and follow the class probability. A
 * faithful map makes it fall fast: a lower area under the curve is more faithful.
 */
public final class Deletion {

    /** The curve is sampled at 0%, 10%, …, 100% of the pixels removed. */
    public static final int STEPS = 10;

    private Deletion() {}

    /**
     * Mean class probability over the batch after removing each fraction of pixels, STEPS + 1
     * points from nothing removed to everything removed.
     *
     * @param x the images, N×3×28×28
     * @param background per image, the mean R, G, B of its non-stroke pixels (N×3)
     */
    public static double[] curve(TappedNetwork net, float[] x, float[] maps, float[] background, int[] classes,
            NDManager manager) {
        int n = classes.length;
        int[][] order = new int[n][];
        for (int i = 0; i < n; i++) {
            order[i] = rankDescending(maps, i);
        }
        double[] curve = new double[STEPS + 1];
        float[] current = x.clone();
        int removed = 0;
        for (int s = 0; s <= STEPS; s++) {
            int target = Math.round(Mnist.PIXELS * s / (float) STEPS);
            for (int i = 0; i < n; i++) {
                for (int r = removed; r < target; r++) {
                    int p = order[i][r];
                    for (int c = 0; c < 3; c++) {
                        current[(i * 3 + c) * Mnist.PIXELS + p] = background[i * 3 + c];
                    }
                }
            }
            removed = target;
            try (NDManager scope = manager.newSubManager()) {
                NDArray images = scope.create(current, new Shape(n, 3, 28, 28));
                float[] p = net.logits(new ParameterStore(scope, false), images, false).softmax(1).toFloatArray();
                double sum = 0;
                for (int i = 0; i < n; i++) {
                    sum += p[i * 10 + classes[i]];
                }
                curve[s] = sum / n;
            }
        }
        return curve;
    }

    /** Area under a curve sampled evenly on [0, 1], by the trapezoid rule. */
    public static double area(double[] curve) {
        double sum = 0;
        for (int s = 1; s < curve.length; s++) {
            sum += (curve[s] + curve[s - 1]) / 2;
        }
        return sum / (curve.length - 1);
    }

    private static int[] rankDescending(float[] maps, int image) {
        Integer[] idx = new Integer[Mnist.PIXELS];
        for (int p = 0; p < idx.length; p++) {
            idx[p] = p;
        }
        java.util.Arrays.sort(idx, (a, b) -> Float.compare(maps[image * Mnist.PIXELS + b], maps[image * Mnist.PIXELS + a]));
        return java.util.Arrays.stream(idx).mapToInt(Integer::intValue).toArray();
    }
}
