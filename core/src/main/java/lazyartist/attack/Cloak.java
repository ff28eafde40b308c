package lazyartist.attack;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import lazyartist.LabException;
import lazyartist.data.ColoredSplit;
import lazyartist.data.Pixels;
import lazyartist.data.SplitDataset;
import lazyartist.model.Predictions;
import lazyartist.model.TappedNetwork;

/**
 * The invisible cloak: turn one digit into another. Takes the first images of digit {@code from}
 * that the network reads right and attacks each toward {@code to}. Every adversarial image is
 * saved as uint8, like the data set, and judged as saved: a success is {@code to} predicted with at
 * least the required confidence from the uint8 image, which differs from the clean one by at most
 * round(ε·255) per value.
 */
public final class Cloak {

    static final int BATCH = 100;

    private Cloak() {}

    /** What to attack and how hard. */
    public record Options(int from, int to, double epsilon, Attack.Settings settings, int images) {

        public Options {
            if (from < 0 || from > 9 || to < 0 || to > 9 || from == to) {
                throw new LabException("--from and --to must be two different digits 0-9, got " + from + " and " + to);
            }
            checkEpsilon(epsilon);
            if (images < 1) {
                throw new LabException("--images must be at least 1, got " + images);
            }
        }
    }

    /** A budget must lie in (0, 1]. */
    public static void checkEpsilon(double epsilon) {
        if (!(epsilon > 0 && epsilon <= 1)) {
            throw new LabException("ε must be in (0, 1], got " + epsilon);
        }
    }

    /**
     * One attack at one budget; per-image arrays follow the attacked images.
     *
     * @param maxChange the largest change of any value of any saved image, in [0, 1] units
     * @param adversarial the saved images, uint8 N×28×28×3
     */
    public record Outcome(String attack, double epsilon, double successRate, double meanTargetConfidence,
            double maxChange, double seconds, int[] predicted, float[] targetConfidence, byte[] adversarial) {}

    /** The images attacked (indices in the named split) and their clean uint8 bytes and predictions. */
    public record Targets(String split, int[] indices, byte[] clean, float[] cleanConfidence) {

        public int size() {
            return indices.length;
        }

        /** The first n images. */
        Targets head(int n) {
            int m = Math.min(n, size());
            return new Targets(split, Arrays.copyOf(indices, m), Arrays.copyOf(clean, m * Pixels.VALUES),
                    Arrays.copyOf(cleanConfidence, m));
        }
    }

    /** The first {@code limit} images of digit {@code from} in a split that the network reads right. */
    public static Targets targets(TappedNetwork net, ColoredSplit split, int from, int limit) {
        int[] digits = IntStream.range(0, split.size()).filter(i -> split.labels()[i] == from).toArray();
        Predictions clean = Predictions.of(net, split, digits);
        int[] kept = IntStream.range(0, digits.length).filter(k -> clean.predicted()[k] == from).limit(limit)
                .toArray();
        int[] indices = IntStream.of(kept).map(k -> digits[k]).toArray();
        if (indices.length == 0) {
            throw new LabException("no image of digit " + from + " in split " + split.name()
                    + " is predicted right by this model; nothing to attack");
        }
        float[] confidence = new float[indices.length];
        byte[] bytes = new byte[indices.length * Pixels.VALUES];
        for (int k = 0; k < indices.length; k++) {
            confidence[k] = clean.confidence()[kept[k]];
            System.arraycopy(split.images(), indices[k] * Pixels.VALUES, bytes, k * Pixels.VALUES,
                    Pixels.VALUES);
        }
        return new Targets(split.name(), indices, bytes, confidence);
    }

    /** One attack on the targets toward {@code to}, each image within ε, saved as uint8 and judged as saved. */
    public static Outcome attack(TappedNetwork net, Targets t, Attack attack, int to, double epsilon,
            Attack.Settings settings) {
        float[] budgets = new float[t.size()];
        Arrays.fill(budgets, (float) epsilon);
        int[] targets = new int[t.size()];
        Arrays.fill(targets, to);
        long start = System.nanoTime();
        byte[] adversarial = run(net, t.clean(), targets, budgets, attack, settings);
        double seconds = (System.nanoTime() - start) / 1e9;
        return judge(net, attack.key(), epsilon, t.clean(), adversarial, targets, settings.confidence(), seconds);
    }

    /**
     * Runs an attack on uint8 images in batches, each image with its own target and budget, and
     * returns the adversarial images rounded to uint8 within round(ε·255) of the clean values.
     */
    public static byte[] run(TappedNetwork net, byte[] clean, int[] targets, float[] budgets, Attack attack,
            Attack.Settings settings) {
        int n = targets.length;
        int size = Pixels.VALUES;
        byte[] out = new byte[clean.length];
        int batchSize = net.batchFor(BATCH);
        for (int from = 0; from < n; from += batchSize) {
            int to = Math.min(n, from + batchSize);
            try (NDManager manager = NDManager.newBaseManager()) {
                NDArray x = SplitDataset.images(manager, Arrays.copyOfRange(clean, from * size, to * size));
                long[] t = IntStream.range(from, to).mapToLong(i -> targets[i]).toArray();
                NDArray adv = attack.run(net, x, manager.create(t), manager.create(Arrays.copyOfRange(budgets, from, to)),
                        settings);
                // NCHW floats back to the files' HWC bytes.
                float[] hwc = adv.transpose(0, 2, 3, 1).toFloatArray();
                for (int k = 0; k < hwc.length; k++) {
                    int image = from + k / size;
                    int limit = Math.round(budgets[image] * 255);
                    int c = clean[from * size + k] & 0xff;
                    int v = Math.round(hwc[k] * 255);
                    out[from * size + k] = (byte) Pixels.clampByte(Math.max(c - limit, Math.min(c + limit, v)));
                }
            }
        }
        return out;
    }

    /** Success, target probability and largest change of saved adversarial images. */
    static Outcome judge(TappedNetwork net, String attack, double epsilon, byte[] clean, byte[] adversarial,
            int[] targets, double confidence, double seconds) {
        int n = targets.length;
        int[] predicted = new int[n];
        float[] targetConfidence = new float[n];
        int batchSize = net.batchFor(BATCH);
        for (int from = 0; from < n; from += batchSize) {
            int to = Math.min(n, from + batchSize);
            try (NDManager manager = NDManager.newBaseManager()) {
                Predictions p = Predictions.of(net, SplitDataset.images(manager, Arrays.copyOfRange(adversarial,
                        from * Pixels.VALUES, to * Pixels.VALUES)));
                for (int k = 0; k < to - from; k++) {
                    predicted[from + k] = p.predicted()[k];
                    targetConfidence[from + k] = p.probabilities()[k * Predictions.CLASSES + targets[from + k]];
                }
            }
        }
        int largest = 0;
        for (int k = 0; k < clean.length; k++) {
            largest = Math.max(largest, Math.abs((clean[k] & 0xff) - (adversarial[k] & 0xff)));
        }
        int successes = 0;
        double sum = 0;
        for (int k = 0; k < n; k++) {
            successes += success(predicted[k], targetConfidence[k], targets[k], confidence) ? 1 : 0;
            sum += targetConfidence[k];
        }
        return new Outcome(attack, epsilon, successes / (double) n, sum / n, largest / 255.0, seconds, predicted,
                targetConfidence, adversarial);
    }

    static boolean success(int predicted, float targetConfidence, int target, double confidence) {
        return predicted == target && targetConfidence >= confidence;
    }

    /** Every attack at every budget of a grid: the success-vs-ε curves. */
    public static List<Outcome> curves(TappedNetwork net, Targets t, List<Attack> attacks, int to,
            List<Double> epsilons, Attack.Settings settings) {
        List<Outcome> out = new ArrayList<>();
        for (Attack attack : attacks) {
            for (double epsilon : epsilons) {
                Outcome o = attack(net, t, attack, to, epsilon, settings);
                out.add(new Outcome(o.attack(), epsilon, o.successRate(), o.meanTargetConfidence(), o.maxChange(),
                        o.seconds(), o.predicted(), o.targetConfidence(), null));
            }
        }
        return out;
    }

    /**
     * Every source digit's first {@code perDigit} images that the network reads right, attacked toward
     * every other digit at ε: success rates [source][target] (the diagonal is NaN).
     */
    public static double[][] matrix(TappedNetwork net, ColoredSplit split, Attack attack, double epsilon,
            Attack.Settings settings, int perDigit) {
        double[][] out = new double[10][10];
        for (int source = 0; source < 10; source++) {
            Targets t = targets(net, split, source, perDigit);
            int n = t.size();
            byte[] clean = new byte[9 * t.clean().length];
            int[] targets = new int[9 * n];
            int k = 0;
            for (int target = 0; target < 10; target++) {
                if (target != source) {
                    System.arraycopy(t.clean(), 0, clean, k * t.clean().length, t.clean().length);
                    Arrays.fill(targets, k * n, (k + 1) * n, target);
                    k++;
                }
            }
            float[] budgets = new float[targets.length];
            Arrays.fill(budgets, (float) epsilon);
            Outcome o = judge(net, attack.key(), epsilon, clean, run(net, clean, targets, budgets, attack, settings),
                    targets, settings.confidence(), 0);
            out[source][source] = Double.NaN;
            for (int i = 0; i < targets.length; i++) {
                boolean ok = success(o.predicted()[i], o.targetConfidence()[i], targets[i], settings.confidence());
                out[source][targets[i]] += ok ? 1.0 / n : 0;
            }
        }
        return out;
    }

    /**
     * What to measure beyond the attacks at ε: a success-vs-ε grid (empty: none) and the minimal ε per
     * image, both on the first {@code searchImages} images; universal perturbations at some budgets
     * (empty: none); the 10 × 10 source→target matrix. The grid, the search and the matrix use one PGD start.
     */
    public record Plan(Options options, List<Attack> attacks, List<Double> epsilons, boolean minimalEpsilon,
            int searchImages, List<Double> universal, boolean matrix, int matrixImages) {

        public Plan {
            if (searchImages < 1) {
                throw new LabException("the ε grid and search need at least one image, got " + searchImages);
            }
            if (attacks.isEmpty()) {
                throw new LabException("name at least one attack (--methods)");
            }
            epsilons.forEach(Cloak::checkEpsilon);
            universal.forEach(Cloak::checkEpsilon);
            if (matrix && matrixImages < 1) {
                throw new LabException("the source→target matrix needs at least one image per digit");
            }
        }

        /** The largest budget of the grid, else the one budget: where the minimal-ε search starts. */
        double maxEpsilon() {
            return epsilons.stream().mapToDouble(Double::doubleValue).max().orElse(options.epsilon());
        }
    }

    /**
     * Everything measured. {@code strongest} is the attack that fools the most images over the whole
     * ε grid (ties: at ε, then the higher mean target probability): the one the minimal-ε search and
     * the matrix use. A cheater that no attack fools at ε may still fall to one of them at 0.2.
     */
    public record Result(Plan plan, Targets targets, List<Outcome> outcomes, String strongest, List<Outcome> curves,
            MinimalEpsilon minimal, List<Universal> universal, double[][] matrix) {}

    static Attack strongest(List<Outcome> outcomes, List<Outcome> curves) {
        java.util.Map<String, Double> area = new java.util.HashMap<>();
        curves.forEach(c -> area.merge(c.attack(), c.successRate(), Double::sum));
        Outcome best = outcomes.stream().max(java.util.Comparator
                .comparingDouble((Outcome x) -> area.getOrDefault(x.attack(), 0.0))
                .thenComparingDouble(Outcome::successRate).thenComparingDouble(Outcome::meanTargetConfidence))
                .orElseThrow();
        return Attack.of(best.attack());
    }

    /** Runs a plan: attacks on {@code split}'s digits, universal perturbations fitted on {@code train}. */
    public static Result run(TappedNetwork net, ColoredSplit split, ColoredSplit train, Plan plan) {
        Options o = plan.options();
        Targets t = targets(net, split, o.from(), o.images());
        List<Outcome> outcomes = new ArrayList<>();
        for (Attack attack : plan.attacks()) {
            outcomes.add(attack(net, t, attack, o.to(), o.epsilon(), o.settings()));
        }
        Targets searched = t.head(plan.searchImages());
        Attack.Settings s = o.settings();
        Attack.Settings oneStart = new Attack.Settings(s.steps(), 1, s.loss(), s.confidence(), s.seed());
        List<Outcome> curves = curves(net, searched, plan.attacks(), o.to(), plan.epsilons(), oneStart);
        Attack strongest = strongest(outcomes, curves);
        MinimalEpsilon minimal = plan.minimalEpsilon()
                ? MinimalEpsilon.search(net, searched, strongest, o.to(), plan.maxEpsilon(), curves, oneStart) : null;
        List<Universal> universal = new ArrayList<>();
        if (!plan.universal().isEmpty()) {
            Targets heldOut = targets(net, split, o.from(), Integer.MAX_VALUE);
            for (double epsilon : plan.universal()) {
                universal.add(Universal.fit(net, train, heldOut, o.from(), o.to(), epsilon, o.settings()));
            }
        }
        double[][] matrix = plan.matrix()
                ? matrix(net, split, strongest, o.epsilon(), oneStart, plan.matrixImages()) : null;
        return new Result(plan, t, outcomes, strongest.key(), curves, minimal, universal, matrix);
    }
}
