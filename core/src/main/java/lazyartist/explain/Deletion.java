package lazyartist.explain;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import lazyartist.data.Maps;
import lazyartist.data.Pixels;
import lazyartist.data.Staging;
import lazyartist.model.TappedNetwork;

/**
 * Deletion and insertion curves (Petsiuk et al., 2018). Deletion replaces the most attributed
 * pixels first by a baseline and follows the class probability: a faithful map makes it fall fast
 * (lower area is more faithful). Insertion starts from the baseline and puts the most attributed
 * pixels back first: a faithful map makes it rise fast (higher area is more faithful). The baseline
 * is the image blurred and desaturated: it carries neither the stroke nor the colour, so a map that
 * points at the colour the shortcut reads is rewarded too. (Painting with the image's own mean
 * background colour, or imputing from neighbouring pixels as ROAD does, would keep the colour, and
 * the cheater's curve could not fall.)
 */
public final class Deletion {

    /** The curve is sampled at 0%, 10%, …, 100% of the pixels moved. */
    public static final int STEPS = 10;
    /** Blur that wipes out MNIST strokes (about 2–3 pixels wide). */
    static final double BLUR_SIGMA = 4;

    private Deletion() {}

    /** The blurred, grey copy of N×3×28×28 images: each pixel the luminance of the blurred image. */
    public static float[] baseline(float[] x, int n) {
        float[] blurred = Maps.blur(x, n, Pixels.CHANNELS, Pixels.SIDE, Pixels.SIDE, BLUR_SIGMA);
        float[] out = new float[x.length];
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < Pixels.PIXELS; p++) {
                int r = (i * 3) * Pixels.PIXELS + p;
                float grey = 0.299f * blurred[r] + 0.587f * blurred[r + Pixels.PIXELS]
                        + 0.114f * blurred[r + 2 * Pixels.PIXELS];
                for (int c = 0; c < 3; c++) {
                    out[r + c * Pixels.PIXELS] = grey;
                }
            }
        }
        return out;
    }

    /**
     * Mean class probability over the images after moving each fraction of pixels, STEPS + 1 points:
     * deletion moves pixels from the image to the baseline, insertion from the baseline to the image.
     *
     * @param x the images, N×3×28×28
     */
    public static double[] curve(TappedNetwork net, float[] x, float[] maps, int[] classes, boolean insertion,
            NDManager manager) {
        int n = classes.length;
        int[][] order = new int[n][];
        for (int i = 0; i < n; i++) {
            order[i] = rankDescending(maps, i);
        }
        float[] base = baseline(x, n);
        float[] current = insertion ? base.clone() : x.clone();
        float[] source = insertion ? x : base;
        double[] curve = new double[STEPS + 1];
        int moved = 0;
        for (int s = 0; s <= STEPS; s++) {
            int target = Math.round(Pixels.PIXELS * s / (float) STEPS);
            for (int i = 0; i < n; i++) {
                for (int r = moved; r < target; r++) {
                    int p = order[i][r];
                    for (int c = 0; c < 3; c++) {
                        int at = (i * 3 + c) * Pixels.PIXELS + p;
                        current[at] = source[at];
                    }
                }
            }
            moved = target;
            try (NDManager scope = manager.newSubManager()) {
                NDArray images = Staging.floats(scope, current, Pixels.batch(n));
                float[] p = net.logits(new ParameterStore(scope, false), images, false).softmax(1).toFloatArray();
                double sum = 0;
                for (int i = 0; i < n; i++) {
                    sum += p[i * 10 + classes[i]];
                }
                curve[s] = n == 0 ? Double.NaN : sum / n;
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
        Integer[] idx = new Integer[Pixels.PIXELS];
        for (int p = 0; p < idx.length; p++) {
            idx[p] = p;
        }
        java.util.Arrays.sort(idx, (a, b) -> Float.compare(maps[image * Pixels.PIXELS + b], maps[image * Pixels.PIXELS + a]));
        return java.util.Arrays.stream(idx).mapToInt(Integer::intValue).toArray();
    }
}
