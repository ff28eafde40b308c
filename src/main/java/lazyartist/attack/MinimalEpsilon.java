package lazyartist.attack;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import lazyartist.model.TappedNetwork;

/**
 * How much push each image needs: the smallest budget at which an attack fools it, found per image
 * by bisection on a log scale between {@code max}/512 and {@code max}, judged on saved uint8 images.
 *
 * @param perImage each image's minimal ε; NaN when even {@code max} does not fool it
 * @param median the quartiles over all images, an image not fooled counting as above every budget
 *     (NaN when the quartile falls on such images)
 */
public record MinimalEpsilon(String attack, double max, float[] perImage, int notFooled, double lowerQuartile,
        double median, double upperQuartile, double seconds) {

    /** Bisection steps: the bracket shrinks to a ratio of 512^(1/256), about 2.5%. */
    static final int ITERATIONS = 8;
    static final double RANGE = 512;

    public static MinimalEpsilon search(TappedNetwork net, Cloak.Targets t, Attack attack, int to, double max,
            Attack.Settings settings) {
        long start = System.nanoTime();
        int n = t.size();
        double[] low = new double[n];
        double[] high = new double[n];
        Arrays.fill(low, max / RANGE);
        Arrays.fill(high, max);
        boolean[] atMax = fooled(net, t, attack, to, high, settings);
        boolean[] atMin = fooled(net, t, attack, to, low, settings);
        for (int it = 0; it < ITERATIONS; it++) {
            double[] mid = new double[n];
            for (int i = 0; i < n; i++) {
                mid[i] = Math.sqrt(low[i] * high[i]);
            }
            boolean[] ok = fooled(net, t, attack, to, mid, settings);
            for (int i = 0; i < n; i++) {
                if (ok[i]) {
                    high[i] = mid[i];
                } else {
                    low[i] = mid[i];
                }
            }
        }
        float[] perImage = new float[n];
        int notFooled = 0;
        for (int i = 0; i < n; i++) {
            perImage[i] = !atMax[i] ? Float.NaN : atMin[i] ? (float) (max / RANGE) : (float) high[i];
            notFooled += atMax[i] ? 0 : 1;
        }
        float[] sorted = perImage.clone();
        for (int i = 0; i < n; i++) {
            sorted[i] = Float.isNaN(sorted[i]) ? Float.POSITIVE_INFINITY : sorted[i];
        }
        Arrays.sort(sorted);
        return new MinimalEpsilon(attack.key(), max, perImage, notFooled, quantile(sorted, 0.25),
                quantile(sorted, 0.5), quantile(sorted, 0.75), (System.nanoTime() - start) / 1e9);
    }

    /** Whether each image is fooled at its own budget. */
    static boolean[] fooled(TappedNetwork net, Cloak.Targets t, Attack attack, int to, double[] budgets,
            Attack.Settings settings) {
        int n = t.size();
        float[] b = new float[n];
        int[] targets = new int[n];
        for (int i = 0; i < n; i++) {
            b[i] = (float) budgets[i];
            targets[i] = to;
        }
        byte[] adversarial = Cloak.run(net, t.clean(), targets, b, attack, settings);
        Cloak.Outcome o = Cloak.judge(net, attack.key(), Double.NaN, t.clean(), adversarial, targets,
                settings.confidence(), 0);
        boolean[] out = new boolean[n];
        for (int i = 0; i < n; i++) {
            out[i] = Cloak.success(o.predicted()[i], o.targetConfidence()[i], to, settings.confidence());
        }
        return out;
    }

    /** The q-quantile of sorted values (nearest rank); NaN when it is infinite. */
    private static double quantile(float[] sorted, double q) {
        float v = sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
        return Float.isInfinite(v) ? Double.NaN : v;
    }
}
