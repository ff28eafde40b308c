package lazyartist.eval;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import lazyartist.data.ColoredSplit;
import lazyartist.model.Predictions;
import lazyartist.model.TappedNetwork;

/** Runs a model over splits and collects metrics and the proof of the shortcut. */
public final class Evaluation {

    /** A split's metrics with the predictions they came from. */
    public record Result(SplitMetrics metrics, Predictions predictions) {}

    private Evaluation() {}

    /** Metrics for every split, in the order given. */
    public static Map<String, Result> run(TappedNetwork net, List<ColoredSplit> splits) {
        Map<String, Result> out = new LinkedHashMap<>();
        for (ColoredSplit split : splits) {
            Predictions p = Predictions.of(net, split);
            out.put(split.name(), new Result(SplitMetrics.of(split, p), p));
        }
        return out;
    }

    /**
     * The proof that the model reads colour: colour-conflicting mistakes whose prediction is the
     * digit the colour belongs to, most confident first.
     */
    public static List<Integer> colourMistakes(ColoredSplit split, Predictions predictions, int limit) {
        List<Integer> out = new ArrayList<>(IntStream.range(0, split.size())
                .filter(i -> !split.aligned(i))
                .filter(i -> predictions.predicted()[i] == split.colours()[i])
                .boxed().toList());
        out.sort(Comparator.comparingDouble((Integer i) -> -predictions.confidence()[i]).thenComparing(i -> i));
        return out.subList(0, Math.min(limit, out.size()));
    }
}
