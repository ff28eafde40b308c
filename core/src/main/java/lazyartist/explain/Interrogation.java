package lazyartist.explain;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import lazyartist.data.ColoredSplit;
import lazyartist.model.TappedNetwork;

/**
 * Several methods on the same samples, plus a few colour-aligned samples to show beside them:
 * from the split itself, or from {@code fallback} when the split has none (the hard split under
 * the "never" policy).
 */
public record Interrogation(ColoredSplit split, List<Explanation.Result> results, ColoredSplit alignedSplit,
        List<Explanation.Result> aligned) {

    /** Colour-aligned samples shown per method. */
    public static final int ALIGNED_SHOWN = 6;

    public static Interrogation run(TappedNetwork net, ColoredSplit split, int[] samples, ColoredSplit fallback,
            List<AttributionMethod> methods, Target target, double threshold, Consumer<Explanation.Result> onEach) {
        boolean hasAligned = IntStream.of(samples).anyMatch(split::aligned);
        ColoredSplit alignedSplit = hasAligned ? split : fallback;
        int[] alignedSamples = IntStream.range(0, alignedSplit.size()).filter(alignedSplit::aligned)
                .limit(ALIGNED_SHOWN).toArray();
        List<Explanation.Result> results = new ArrayList<>();
        List<Explanation.Result> aligned = new ArrayList<>();
        for (AttributionMethod method : methods) {
            Explanation.Result r = Explanation.run(net, split, samples, method, target, threshold, true);
            results.add(r);
            aligned.add(hasAligned ? r
                    : Explanation.run(net, alignedSplit, alignedSamples, method, target, threshold, false));
            onEach.accept(r);
        }
        return new Interrogation(split, results, alignedSplit, aligned);
    }
}
