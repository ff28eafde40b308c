package lazyartist.attack;

import java.util.Arrays;
import lazyartist.data.ColoredSplit;
import lazyartist.model.TappedNetwork;

/** Which digits are easy disguises for which: every source digit attacked toward every other one. */
public final class SourceTargetMatrix {

    private SourceTargetMatrix() {}

    /**
     * Every source digit's first {@code perDigit} images that the network reads right, attacked toward
     * every other digit at ε (L∞): success rates [source][target] (the diagonal is NaN).
     */
    public static double[][] measure(TappedNetwork net, ColoredSplit split, Attack attack, double epsilon,
            Settings settings, int perDigit) {
        double[][] out = new double[10][10];
        Settings s = settings.withNorm(Norm.LINF);
        for (int source = 0; source < 10; source++) {
            Targets t = Targets.readRight(net, split, source, perDigit);
            int n = t.size();
            int[] which = new int[9 * n];
            int[] aims = new int[9 * n];
            int k = 0;
            for (int target = 0; target < 10; target++) {
                if (target != source) {
                    for (int i = 0; i < n; i++) {
                        which[k * n + i] = i;
                    }
                    Arrays.fill(aims, k * n, (k + 1) * n, target);
                    k++;
                }
            }
            Targets all = t.rows(which);
            float[] budgets = new float[aims.length];
            Arrays.fill(budgets, (float) epsilon);
            Outcome o = SavedImages.judge(net, attack.key(), Norm.LINF, epsilon, all, aims, true,
                    SavedImages.attack(net, all, aims, true, budgets, attack, s), s.confidence(), 0);
            out[source][source] = Double.NaN;
            for (int i = 0; i < aims.length; i++) {
                out[source][aims[i]] += o.fooled()[i] ? 1.0 / n : 0;
            }
        }
        return out;
    }
}
