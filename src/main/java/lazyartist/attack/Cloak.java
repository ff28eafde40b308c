package lazyartist.attack;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import lazyartist.LabException;
import lazyartist.data.ColoredSplit;
import lazyartist.data.SplitDataset;
import lazyartist.model.Predictions;
import lazyartist.model.TappedNetwork;

/**
 * The invisible cloak: turn one digit into another. Takes the first images of digit {@code from}
 * that the network reads right and attacks each toward {@code to}; an attack succeeds on an image
 * when the network then predicts {@code to} with at least the required confidence.
 */
public final class Cloak {

    private static final int BATCH = 100;

    private Cloak() {}

    /** What to attack and how hard. */
    public record Options(int from, int to, double epsilon, int steps, double confidence, int images) {

        public Options {
            if (from < 0 || from > 9 || to < 0 || to > 9 || from == to) {
                throw new LabException("--from and --to must be two different digits 0-9, got " + from + " and " + to);
            }
            if (!(confidence >= 0 && confidence < 1)) {
                throw new LabException("--confidence must be in [0, 1), got " + confidence);
            }
            if (!(epsilon > 0 && epsilon <= 1) || steps < 1) {
                throw new LabException("--epsilon must be in (0, 1] and --steps at least 1, got " + epsilon + " and "
                        + steps);
            }
            if (images < 1) {
                throw new LabException("--images must be at least 1, got " + images);
            }
        }
    }

    /** One attack over the chosen images; per-image arrays follow {@code Result.indices}. */
    public record Outcome(String attack, double successRate, double meanTargetConfidence, double maxLinf,
            double seconds, int[] predicted, float[] targetConfidence, float[] adversarial) {}

    /** The images attacked (split indices), their clean predictions, and every attack's outcome. */
    public record Result(Options options, int[] indices, float[] cleanConfidence, float[] clean,
            List<Outcome> outcomes) {}

    public static Result run(TappedNetwork net, ColoredSplit split, List<Attack> attacks, Options o) {
        Predictions clean = Predictions.of(net, split);
        int[] indices = IntStream.range(0, split.size())
                .filter(i -> split.labels()[i] == o.from() && clean.predicted()[i] == o.from())
                .limit(o.images()).toArray();
        if (indices.length == 0) {
            throw new LabException("no image of digit " + o.from() + " in split " + split.name()
                    + " is predicted right by this model; nothing to attack");
        }
        float[] cleanConfidence = new float[indices.length];
        for (int k = 0; k < indices.length; k++) {
            cleanConfidence[k] = clean.confidence()[indices[k]];
        }
        float[] cleanImages;
        try (NDManager manager = NDManager.newBaseManager()) {
            cleanImages = SplitDataset.images(manager, split, indices).toFloatArray();
        }
        List<Outcome> outcomes = new ArrayList<>();
        for (Attack attack : attacks) {
            outcomes.add(attack(net, split, indices, attack, o));
        }
        return new Result(o, indices, cleanConfidence, cleanImages, outcomes);
    }

    private static Outcome attack(TappedNetwork net, ColoredSplit split, int[] indices, Attack attack, Options o) {
        int n = indices.length;
        int[] predicted = new int[n];
        float[] targetConfidence = new float[n];
        float[] adversarial = new float[n * ColoredSplit.IMAGE_BYTES];
        double maxLinf = 0;
        long start = System.nanoTime();
        for (int from = 0; from < n; from += BATCH) {
            int[] batch = Arrays.copyOfRange(indices, from, Math.min(n, from + BATCH));
            try (NDManager manager = NDManager.newBaseManager()) {
                NDArray x = SplitDataset.images(manager, split, batch);
                long[] to = new long[batch.length];
                Arrays.fill(to, o.to());
                NDArray adv = attack.run(net, x, manager.create(to), o.epsilon(), o.steps());
                maxLinf = Math.max(maxLinf, adv.sub(x).abs().max().getFloat());
                Predictions attacked = Predictions.of(net, adv);
                for (int k = 0; k < batch.length; k++) {
                    predicted[from + k] = attacked.predicted()[k];
                    targetConfidence[from + k] = attacked.probabilities()[k * Predictions.CLASSES + o.to()];
                }
                System.arraycopy(adv.toFloatArray(), 0, adversarial, from * ColoredSplit.IMAGE_BYTES,
                        batch.length * ColoredSplit.IMAGE_BYTES);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        int successes = 0;
        double confidenceSum = 0;
        for (int k = 0; k < n; k++) {
            successes += predicted[k] == o.to() && targetConfidence[k] >= o.confidence() ? 1 : 0;
            confidenceSum += targetConfidence[k];
        }
        return new Outcome(attack.key, successes / (double) n, confidenceSum / n, maxLinf, seconds, predicted,
                targetConfidence, adversarial);
    }
}
