package lazyartist.attack;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.IntStream;
import lazyartist.model.TappedNetwork;

/**
 * The figure the field reports: the share of images a model still reads right after an untargeted
 * attack at ε, here the suite's; an image read wrong when clean counts as not robust.
 *
 * @param images the first images of the split, whatever their digit
 * @param fooledBy how many images each of the suite's attacks turned
 */
public record RobustAccuracy(String norm, double epsilon, int images, double cleanAccuracy, double robustAccuracy,
        Map<String, Integer> fooledBy, double seconds) {

    public static RobustAccuracy measure(TappedNetwork net, Targets t, Suite suite, double epsilon, Settings s) {
        long start = System.nanoTime();
        int n = t.size();
        int[] none = new int[n];
        Arrays.fill(none, -1);
        Outcome clean = SavedImages.judge(net, "clean", s.norm(), 0, t, none, false, t.clean(), s.confidence(), 0);
        int[] right = IntStream.range(0, n).filter(i -> !clean.fooled()[i]).toArray();
        Map<String, Integer> fooledBy = new LinkedHashMap<>();
        suite.attacks().forEach(a -> fooledBy.put(a.key(), 0));
        int robust = 0;
        if (right.length > 0) {
            float[] budgets = new float[right.length];
            Arrays.fill(budgets, (float) epsilon);
            Suite.Verdict v = suite.run(net, t.rows(right), null, budgets, epsilon, s);
            for (String by : v.fooledBy()) {
                if (by == null) {
                    robust++;
                } else {
                    fooledBy.merge(by, 1, Integer::sum);
                }
            }
        }
        return new RobustAccuracy(s.norm().key(), epsilon, n, right.length / (double) n, robust / (double) n, fooledBy,
                (System.nanoTime() - start) / 1e9);
    }
}
