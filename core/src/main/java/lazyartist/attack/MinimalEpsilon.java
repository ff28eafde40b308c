package lazyartist.attack;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import lazyartist.model.TappedNetwork;

/**
 * How much push each image needs: the smallest budget at which an attack (or a suite) fools it,
 * judged on saved uint8 images. Each image's bracket starts from the budgets already tried (the
 * success-vs-ε grid: fooled at the smallest budget that fooled it, not at the largest below), else
 * {@code max}/512 and {@code max}, and is bisected on a log scale, only for the images whose bracket is
 * still wider than 2.5%.
 *
 * @param attack the attack or suite searched with
 * @param norm the budgets' geometry
 * @param perImage each image's minimal ε; NaN when even {@code max} does not fool it
 * @param median the quartiles over all images, an image not fooled counting as above every budget
 *     (NaN when the quartile falls on such images)
 */
public record MinimalEpsilon(String attack, String norm, double max, float[] perImage, int notFooled,
        double lowerQuartile, double median, double upperQuartile, double seconds) {

    static final double RANGE = 512;
    /** A bracket is narrow enough once its ends are within this ratio. */
    static final double PRECISION = 1.025;

    /** Which of some images an attack fools, each at its own budget. */
    @FunctionalInterface
    public interface Oracle {
        boolean[] fooled(int[] which, double[] budgets);
    }

    /**
     * @param n the images searched
     * @param tried outcomes already measured on these images at budgets up to {@code max} (may be empty)
     */
    public static MinimalEpsilon search(String attack, Norm norm, int n, double max, List<Outcome> tried,
            Oracle oracle) {
        long start = System.nanoTime();
        int[] all = IntStream.range(0, n).toArray();
        TreeMap<Double, boolean[]> fooledAt = new TreeMap<>();
        for (Outcome o : tried) {
            if (o.epsilon() <= max) {
                fooledAt.put(o.epsilon(), o.fooled().clone());
            }
        }
        if (!fooledAt.containsKey(max)) {
            fooledAt.put(max, oracle.fooled(all, constant(n, max)));
        }
        double min = max / RANGE;
        double[] low = new double[n];
        double[] high = new double[n];
        for (int i = 0; i < n; i++) {
            high[i] = Double.NaN;
            for (Map.Entry<Double, boolean[]> e : fooledAt.entrySet()) {
                if (e.getValue()[i]) {
                    high[i] = e.getKey();
                    break;
                }
            }
            low[i] = min;
            for (Map.Entry<Double, boolean[]> e : fooledAt.entrySet()) {
                if (e.getKey() < high[i] && !e.getValue()[i]) {
                    low[i] = e.getKey();
                }
            }
        }
        // Fooled at every budget tried: is it fooled at the smallest of the range?
        int[] lowest = IntStream.range(0, n).filter(i -> low[i] == min && high[i] > min).toArray();
        boolean[] atMin = oracle.fooled(lowest, constant(lowest.length, min));
        for (int k = 0; k < lowest.length; k++) {
            if (atMin[k]) {
                high[lowest[k]] = min;
            }
        }
        for (int[] open = wide(low, high); open.length > 0; open = wide(low, high)) {
            double[] mid = Arrays.stream(open).mapToDouble(i -> Math.sqrt(low[i] * high[i])).toArray();
            boolean[] ok = oracle.fooled(open, mid);
            for (int k = 0; k < open.length; k++) {
                if (ok[k]) {
                    high[open[k]] = mid[k];
                } else {
                    low[open[k]] = mid[k];
                }
            }
        }
        float[] perImage = new float[n];
        int notFooled = 0;
        for (int i = 0; i < n; i++) {
            perImage[i] = (float) high[i];
            notFooled += Double.isNaN(high[i]) ? 1 : 0;
        }
        float[] sorted = perImage.clone();
        for (int i = 0; i < n; i++) {
            sorted[i] = Float.isNaN(sorted[i]) ? Float.POSITIVE_INFINITY : sorted[i];
        }
        Arrays.sort(sorted);
        return new MinimalEpsilon(attack, norm.key(), max, perImage, notFooled, quantile(sorted, 0.25),
                quantile(sorted, 0.5), quantile(sorted, 0.75), (System.nanoTime() - start) / 1e9);
    }

    /** Whether each image is fooled by one attack at its own budget, judged as saved. */
    static Oracle attackOracle(TappedNetwork net, Attack attack, Targets t, int to, Settings s) {
        return (which, budgets) -> {
            if (which.length == 0) {
                return new boolean[0];
            }
            Targets rows = t.rows(which);
            float[] b = toFloats(budgets);
            int[] aims = new int[which.length];
            Arrays.fill(aims, to);
            byte[] adversarial = SavedImages.attack(net, rows, aims, true, b, attack, s);
            return SavedImages.judge(net, attack.key(), s.norm(), Double.NaN, rows, aims, true, adversarial,
                    s.confidence(), 0).fooled();
        };
    }

    /** Whether each image is fooled by the suite at its own budget. */
    static Oracle suiteOracle(TappedNetwork net, Suite suite, Targets t, int to, Settings s) {
        return (which, budgets) -> which.length == 0 ? new boolean[0]
                : suite.run(net, t.rows(which), to, toFloats(budgets), Double.NaN, s).outcome().fooled();
    }

    private static float[] toFloats(double[] values) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (float) values[i];
        }
        return out;
    }

    /** The fooled images whose bracket is still wider than the precision. */
    private static int[] wide(double[] low, double[] high) {
        return IntStream.range(0, low.length).filter(i -> high[i] > low[i] * PRECISION).toArray();
    }

    static double[] constant(int n, double value) {
        double[] out = new double[n];
        Arrays.fill(out, value);
        return out;
    }

    /** The q-quantile of sorted values (nearest rank); NaN when it is infinite. */
    private static double quantile(float[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        float v = sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
        return Float.isInfinite(v) ? Double.NaN : v;
    }
}
