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
        return reference(a, n).against(b);
    }

    /** Maps prepared once for measuring against many others (N×784). */
    public static Reference reference(float[] maps, int n) {
        Prepared[] images = new Prepared[n];
        IntStream.range(0, n).parallel().forEach(i -> images[i] = Prepared.of(slice(maps, i)));
        return new Reference(images);
    }

    /**
     * Maps whose ranks, top pixels and SSIM windows are computed once: the sanity checks measure the
     * trained network's maps against every other network's.
     */
    public static final class Reference {
        private final Prepared[] images;

        private Reference(Prepared[] images) {
            this.images = images;
        }

        /** The four measures between each reference map and map i of {@code b}, N×4 row-major. */
        public double[] against(float[] b) {
            double[] out = new double[images.length * NAMES.length];
            // Each image's row is its own: the images are measured on every core.
            IntStream.range(0, images.length).parallel().forEach(i -> {
                Prepared x = images[i];
                Prepared y = Prepared.of(slice(b, i));
                out[i * 4] = pearson(x.absRanks, y.absRanks);
                out[i * 4 + 1] = pearson(x.signedRanks, y.signedRanks);
                out[i * 4 + 2] = x.flat && y.flat ? Double.NaN : ssim(x.scaled, x.windows, y.scaled, y.windows);
                out[i * 4 + 3] = x.topPixels == null || y.topPixels == null ? Double.NaN
                        : overlap(x.topPixels, y.topPixels);
            });
            return out;
        }
    }

    /**
     * One map's parts the measures read: the ranks of |map| and of the map, the top {@link #TOP_K}
     * pixels of |map| (null when it is constant), and the map rescaled to [0, 1] with its SSIM windows'
     * sums and sums of squares.
     */
    private record Prepared(double[] absRanks, double[] signedRanks, int[] topPixels, float[] scaled, boolean flat,
            Windows windows) {

        static Prepared of(float[] map) {
            float[] abs = abs(map);
            int[] absOrder = order(abs);
            float[] unit = unit(map);
            return new Prepared(ranks(abs, absOrder), ranks(map), constant(abs) ? null : top(abs, absOrder, TOP_K),
                    unit, constant(unit), Windows.of(unit));
        }
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
        return ranks(v, order(v));
    }

    /** The ranks of v given its ascending {@link #order}. */
    private static double[] ranks(float[] v, int[] order) {
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
     * The positions of v from its smallest value to its largest, equal values by position: each value's
     * order-keeping bits and its position packed in a long, so that a primitive sort does it (a sort of
     * boxed positions was most of the sanity checks' own time).
     */
    private static int[] order(float[] v) {
        long[] keys = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            keys[i] = (long) ordered(v[i]) << 32 | i;
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
        return ssim(x, Windows.of(x), y, Windows.of(y));
    }

    /** SSIM from each map's window sums and sums of squares; only the cross sums are left to compute. */
    private static double ssim(float[] x, Windows xWindows, float[] y, Windows yWindows) {
        double[] cross = windowSums(x, y, true);
        int area = WINDOW * WINDOW;
        double sum = 0;
        for (int w = 0; w < cross.length; w++) {
            double mx = xWindows.sums()[w] / area;
            double my = yWindows.sums()[w] / area;
            // Sample (co)variances, as scikit-image.
            double vx = (xWindows.squares()[w] - area * mx * mx) / (area - 1);
            double vy = (yWindows.squares()[w] - area * my * my) / (area - 1);
            double cov = (cross[w] - area * mx * my) / (area - 1);
            sum += (2 * mx * my + C1) * (2 * cov + C2) / ((mx * mx + my * my + C1) * (vx + vy + C2));
        }
        return sum / cross.length;
    }

    /** A map's sums and sums of squares over every SSIM window. */
    private record Windows(double[] sums, double[] squares) {

        static Windows of(float[] map) {
            return new Windows(windowSums(map, map, false), windowSums(map, map, true));
        }
    }

    /**
     * The sum over every 7×7 window, row-major, of x (or of x·y when {@code products}): a sum along each
     * window's rows, then down its columns.
     */
    private static double[] windowSums(float[] x, float[] y, boolean products) {
        int side = Pixels.SIDE;
        int span = side - WINDOW + 1;
        double[] rows = new double[side * span];
        for (int r = 0; r < side; r++) {
            for (int c = 0; c < span; c++) {
                double s = 0;
                for (int j = c; j < c + WINDOW; j++) {
                    int k = r * side + j;
                    s += products ? (double) x[k] * y[k] : x[k];
                }
                rows[r * span + c] = s;
            }
        }
        double[] out = new double[span * span];
        for (int r = 0; r < span; r++) {
            for (int c = 0; c < span; c++) {
                double s = 0;
                for (int i = r; i < r + WINDOW; i++) {
                    s += rows[i * span + c];
                }
                out[r * span + c] = s;
            }
        }
        return out;
    }

    /** The share of {@code k} largest values of x that are among the k largest of y. */
    public static double topK(float[] x, float[] y, int k) {
        if (constant(x) || constant(y)) {
            return Double.NaN;
        }
        return overlap(top(x, order(x), k), top(y, order(y), k));
    }

    /** The share of one set of top positions found in another of the same size. */
    private static double overlap(int[] x, int[] y) {
        boolean[] inY = new boolean[Pixels.PIXELS];
        for (int i : y) {
            inY[i] = true;
        }
        int shared = 0;
        for (int i : x) {
            shared += inY[i] ? 1 : 0;
        }
        return shared / (double) x.length;
    }

    /**
     * The positions of the k largest values, given v's ascending {@link #order}: equal values by position,
     * so that a tie cannot inflate the overlap.
     */
    private static int[] top(float[] v, int[] order, int k) {
        int[] out = new int[k];
        int taken = 0;
        for (int j = v.length - 1; j >= 0 && taken < k;) {
            int i = j;
            while (i > 0 && v[order[i - 1]] == v[order[j]]) {
                i--;
            }
            for (int t = i; t <= j && taken < k; t++) {
                out[taken++] = order[t];
            }
            j = i - 1;
        }
        return out;
    }

    /** A map rescaled to [0, 1] (all zero when constant). */
    static float[] unit(float[] v) {
        float[] out = v.clone();
        ScoreCam.normalise(out, 0, out.length);
        return out;
    }

    private static float[] slice(float[] maps, int i) {
        return Arrays.copyOfRange(maps, i * Pixels.PIXELS, (i + 1) * Pixels.PIXELS);
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
