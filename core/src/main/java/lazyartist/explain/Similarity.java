package lazyartist.explain;

import java.util.Arrays;
import java.util.stream.IntStream;
import lazyartist.data.Pixels;

/**
 * How alike two maps of the same image are, as the sanity checks measure it (Adebayo et al., 2018):
 * Spearman rank correlation of their absolute values and of their signed values, SSIM of the maps
 * rescaled to [0, 1], and the overlap of their top 10% pixels by absolute value. Each is undefined
 * (NaN) where a map is constant.
 */
public final class Similarity {

    /** The measures, in the order of {@link #of}. */
    public static final String[] NAMES = {"spearmanAbs", "spearman", "ssim", "topK"};
    /** The top-k overlap's k: 10% of the pixels. */
    static final int TOP_K = Pixels.PIXELS / 10;
    /** SSIM's window side and constants for a data range of 1 (Wang et al., 2004). */
    static final int WINDOW = 7;
    static final double C1 = 0.01 * 0.01;
    static final double C2 = 0.03 * 0.03;

    private Similarity() {}

    /** The four measures between map i of {@code a} and map i of {@code b} (N×784 each), N×4 row-major. */
    public static double[] of(float[] a, float[] b, int n) {
        double[] out = new double[n * NAMES.length];
        // Each image's row is its own: the images are measured on every core.
        IntStream.range(0, n).parallel().forEach(i -> {
            float[] x = Arrays.copyOfRange(a, i * Pixels.PIXELS, (i + 1) * Pixels.PIXELS);
            float[] y = Arrays.copyOfRange(b, i * Pixels.PIXELS, (i + 1) * Pixels.PIXELS);
            out[i * 4] = spearman(abs(x), abs(y));
            out[i * 4 + 1] = spearman(x, y);
            out[i * 4 + 2] = ssim(unit(x), unit(y));
            out[i * 4 + 3] = topK(abs(x), abs(y), TOP_K);
        });
        return out;
    }

    /** Spearman's ρ: Pearson's correlation of the ranks, ties given their mean rank. */
    public static double spearman(float[] x, float[] y) {
        return pearson(ranks(x), ranks(y));
    }

    static double pearson(double[] x, double[] y) {
        double mx = Arrays.stream(x).average().orElse(0);
        double my = Arrays.stream(y).average().orElse(0);
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxx == 0 || syy == 0 ? Double.NaN : sxy / Math.sqrt(sxx * syy);
    }

    static double[] ranks(float[] v) {
        int[] order = order(v, false);
        double[] rank = new double[v.length];
        for (int i = 0; i < v.length;) {
            int j = i;
            while (j + 1 < v.length && v[order[j + 1]] == v[order[i]]) {
                j++;
            }
            double mean = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                rank[order[k]] = mean;
            }
            i = j + 1;
        }
        return rank;
    }

    /**
     * The positions of v from its smallest value to its largest ({@code descending}: largest first),
     * equal values by position: each value's order-keeping bits and its position packed in a long, so
     * that a primitive sort does it (a sort of boxed positions was most of the sanity checks' own time).
     */
    private static int[] order(float[] v, boolean descending) {
        long[] keys = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            int bits = ordered(v[i]);
            keys[i] = (long) (descending ? ~bits : bits) << 32 | i;
        }
        Arrays.sort(keys);
        int[] order = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            order[i] = (int) keys[i];
        }
        return order;
    }

    /** An int that orders as the float does (−0 as +0). */
    private static int ordered(float f) {
        int bits = Float.floatToIntBits(f + 0f);
        return bits ^ (bits >> 31 & 0x7fffffff);
    }

    /**
     * The mean SSIM over every 7×7 window of two 28×28 maps in [0, 1] (uniform windows, as scikit-image's
     * default); NaN when both maps are constant.
     */
    public static double ssim(float[] x, float[] y) {
        if (constant(x) && constant(y)) {
            return Double.NaN;
        }
        int side = Pixels.SIDE;
        double sum = 0;
        int windows = 0;
        int area = WINDOW * WINDOW;
        for (int r = 0; r + WINDOW <= side; r++) {
            for (int c = 0; c + WINDOW <= side; c++) {
                double mx = 0;
                double my = 0;
                for (int i = r; i < r + WINDOW; i++) {
                    for (int j = c; j < c + WINDOW; j++) {
                        mx += x[i * side + j];
                        my += y[i * side + j];
                    }
                }
                mx /= area;
                my /= area;
                double vx = 0;
                double vy = 0;
                double cov = 0;
                for (int i = r; i < r + WINDOW; i++) {
                    for (int j = c; j < c + WINDOW; j++) {
                        double dx = x[i * side + j] - mx;
                        double dy = y[i * side + j] - my;
                        vx += dx * dx;
                        vy += dy * dy;
                        cov += dx * dy;
                    }
                }
                // Sample (co)variances, as scikit-image.
                vx /= area - 1;
                vy /= area - 1;
                cov /= area - 1;
                sum += (2 * mx * my + C1) * (2 * cov + C2) / ((mx * mx + my * my + C1) * (vx + vy + C2));
                windows++;
            }
        }
        return sum / windows;
    }

    /** The share of {@code k} largest values of x that are among the k largest of y. */
    public static double topK(float[] x, float[] y, int k) {
        if (constant(x) || constant(y)) {
            return Double.NaN;
        }
        boolean[] inY = new boolean[y.length];
        for (int i : top(y, k)) {
            inY[i] = true;
        }
        int shared = 0;
        for (int i : top(x, k)) {
            shared += inY[i] ? 1 : 0;
        }
        return shared / (double) k;
    }

    private static int[] top(float[] v, int k) {
        // Ties broken by position, so that a tie cannot inflate the overlap.
        return Arrays.copyOf(order(v, true), k);
    }

    /** A map rescaled to [0, 1] (all zero when constant). */
    static float[] unit(float[] v) {
        float[] out = v.clone();
        ScoreCam.normalise(out, 0, out.length);
        return out;
    }

    private static float[] abs(float[] v) {
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = Math.abs(v[i]);
        }
        return out;
    }

    private static boolean constant(float[] v) {
        for (float f : v) {
            if (f != v[0]) {
                return false;
            }
        }
        return true;
    }

    /** A mean over images with its 95% interval (normal approximation); NaN values are left out. */
    public record Summary(double mean, double low, double high, int n) {

        public static Summary of(double[] values) {
            double[] v = Arrays.stream(values).filter(d -> !Double.isNaN(d)).toArray();
            if (v.length == 0) {
                return new Summary(Double.NaN, Double.NaN, Double.NaN, 0);
            }
            double mean = Arrays.stream(v).average().orElseThrow();
            double var = v.length < 2 ? 0 : Arrays.stream(v).map(d -> (d - mean) * (d - mean)).sum() / (v.length - 1);
            double half = 1.96 * Math.sqrt(var / v.length);
            return new Summary(mean, mean - half, mean + half, v.length);
        }
    }
}
