package lazyartist.attack;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import lazyartist.data.Pixels;
import lazyartist.model.TappedNetwork;

/**
 * How much push each image needs: the smallest budget at which an attack fools it, judged on saved
 * uint8 images. Each image's bracket starts from the budgets already tried (the success-vs-ε grid:
 * fooled at the smallest budget that fooled it, not at the largest below), else {@code max}/512 and
 * {@code max}, and is bisected on a log scale, only for the images whose bracket is still wider than 2.5%.
 *
 * @param perImage each image's minimal ε; NaN when even {@code max} does not fool it
 * @param median the quartiles over all images, an image not fooled counting as above every budget
 *     (NaN when the quartile falls on such images)
 */
public record MinimalEpsilon(String attack, double max, float[] perImage, int notFooled, double lowerQuartile,
        double median, double upperQuartile, double seconds) {

    static final double RANGE = 512;
    /** A bracket is narrow enough once its ends are within this ratio. */
    static final double PRECISION = 1.025;

    /**
     * @param tried outcomes of {@code attack} on these targets at budgets up to {@code max} (may be empty);
     *     their images follow the targets
     */
    public static MinimalEpsilon search(TappedNetwork net, Cloak.Targets t, Attack attack, int to, double max,
            List<Cloak.Outcome> tried, Attack.Settings settings) {
        long start = System.nanoTime();
        int n = t.size();
        int[] all = IntStream.range(0, n).toArray();
        TreeMap<Double, boolean[]> fooledAt = new TreeMap<>();
        for (Cloak.Outcome o : tried) {
            if (o.attack().equals(attack.key()) && o.epsilon() <= max) {
                boolean[] ok = new boolean[n];
                for (int i = 0; i < n; i++) {
                    ok[i] = Cloak.success(o.predicted()[i], o.targetConfidence()[i], to, settings.confidence());
                }
                fooledAt.put(o.epsilon(), ok);
            }
        }
        if (!fooledAt.containsKey(max)) {
            fooledAt.put(max, fooled(net, t, all, attack, to, constant(n, max), settings));
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
        boolean[] atMin = fooled(net, t, lowest, attack, to, constant(lowest.length, min), settings);
        for (int k = 0; k < lowest.length; k++) {
            if (atMin[k]) {
                high[lowest[k]] = min;
            }
        }
        for (int[] open = wide(low, high); open.length > 0; open = wide(low, high)) {
            double[] mid = Arrays.stream(open).mapToDouble(i -> Math.sqrt(low[i] * high[i])).toArray();
            boolean[] ok = fooled(net, t, open, attack, to, mid, settings);
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
        return new MinimalEpsilon(attack.key(), max, perImage, notFooled, quantile(sorted, 0.25),
                quantile(sorted, 0.5), quantile(sorted, 0.75), (System.nanoTime() - start) / 1e9);
    }

    /** The fooled images whose bracket is still wider than the precision. */
    private static int[] wide(double[] low, double[] high) {
        return IntStream.range(0, low.length).filter(i -> high[i] > low[i] * PRECISION).toArray();
    }

    private static double[] constant(int n, double value) {
        double[] out = new double[n];
        Arrays.fill(out, value);
        return out;
    }

    /** Whether each of the images {@code which} is fooled at its own budget. */
    static boolean[] fooled(TappedNetwork net, Cloak.Targets t, int[] which, Attack attack, int to, double[] budgets,
            Attack.Settings settings) {
        int n = which.length;
        if (n == 0) {
            return new boolean[0];
        }
        int size = Pixels.VALUES;
        byte[] clean = new byte[n * size];
        float[] b = new float[n];
        int[] targets = new int[n];
        for (int k = 0; k < n; k++) {
            System.arraycopy(t.clean(), which[k] * size, clean, k * size, size);
            b[k] = (float) budgets[k];
            targets[k] = to;
        }
        byte[] adversarial = Cloak.run(net, clean, targets, b, attack, settings);
        Cloak.Outcome o = Cloak.judge(net, attack.key(), Double.NaN, clean, adversarial, targets,
                settings.confidence(), 0);
        boolean[] out = new boolean[n];
        for (int k = 0; k < n; k++) {
            out[k] = Cloak.success(o.predicted()[k], o.targetConfidence()[k], to, settings.confidence());
        }
        return out;
    }

    /** The q-quantile of sorted values (nearest rank); NaN when it is infinite. */
    private static double quantile(float[] sorted, double q) {
        float v = sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
        return Float.isInfinite(v) ? Double.NaN : v;
    }
}
