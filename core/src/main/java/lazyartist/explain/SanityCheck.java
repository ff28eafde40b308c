package lazyartist.explain;

import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import lazyartist.data.ColoredSplit;
import lazyartist.data.Pixels;
import lazyartist.model.NetworkFamily;
import lazyartist.model.Predictions;
import lazyartist.model.TappedNetwork;

/**
 * The sanity checks for saliency maps of Adebayo et al. (NeurIPS 2018), run on one model: would a
 * method's maps look the same had the network learned nothing? Each test compares the method's maps
 * of the same digits, for the class the trained model predicted, with maps from a network that
 * should see differently ({@link Similarity}); a method passes a test when the mean Spearman
 * correlation of |map| falls below {@link #THRESHOLD}.
 * <ul>
 * <li>cascade: the stages re-initialised from the head down, one more group at a time;</li>
 * <li>independent: one group at a time, the others kept (its number: the mean over the groups);</li>
 * <li>labels: a network trained by the same recipe on shuffled labels (when one is given);</li>
 * <li>random logit: the trained network's maps for a random other class.</li>
 * </ul>
 */
public final class SanityCheck {

    /**
     * A map keeping more than half of its rank order (Spearman ρ of |map| ≥ 0.5) once the weights or
     * the labels it should depend on are gone mostly echoes the input: Adebayo et al. read gradient ×
     * input's ρ of 0.5–0.7 after full randomisation as failing, Grad-CAM's near 0 as passing.
     */
    public static final double THRESHOLD = 0.5;
    public static final List<String> TESTS = List.of("cascade", "independent", "labels", "random-logit");
    /** Digits kept per method for the cheater's grid of maps at every cascade step. */
    public static final int GRID_DIGITS = 4;

    /** One similarity measure over the images: mean and 95% interval. */
    public record Measures(Similarity.Summary spearmanAbs, Similarity.Summary spearman, Similarity.Summary ssim,
            Similarity.Summary topK) {

        static Measures of(double[] perImage, int n) {
            Similarity.Summary[] s = new Similarity.Summary[Similarity.NAMES.length];
            for (int m = 0; m < s.length; m++) {
                double[] v = new double[n];
                for (int i = 0; i < n; i++) {
                    v[i] = perImage[i * Similarity.NAMES.length + m];
                }
                s[m] = Similarity.Summary.of(v);
            }
            return new Measures(s[0], s[1], s[2], s[3]);
        }
    }

    /**
     * One method's results.
     *
     * @param cascade per step (the head's group, then one more group each)
     * @param independent per group, from the head down
     * @param labels against the shuffled-label network (null: not run)
     * @param verdicts per test: pass (true), fail (false), or null when undefined or not run
     * @param values per test: the mean Spearman of |map| the verdict reads
     * @param grid the first {@link #GRID_DIGITS} digits' maps: the trained model's, then at each cascade step
     * @param seconds the time its maps took on every network but the shuffled-label one
     */
    public record MethodResult(String method, List<Measures> cascade, List<Measures> independent, Measures labels,
            Measures randomLogit, Map<String, Double> values, Map<String, Boolean> verdicts, List<float[]> grid,
            double seconds) {}

    /**
     * Everything measured on one model.
     *
     * @param groups the re-initialised groups, from the head down (the cascade's steps add one each)
     * @param labelsEpochs epochs the shuffled-label network trained (0: none given)
     * @param labelsTrainAccuracy its accuracy on the shuffled labels it trained on
     */
    public record Result(List<List<String>> groups, int[] indices, int[] classes, List<MethodResult> methods,
            int labelsEpochs, double labelsTrainAccuracy, double threshold, long seed, double seconds) {}

    /** A network trained on shuffled labels, with how far it got. */
    public record ShuffledLabels(TappedNetwork net, int epochs, double trainAccuracy) {}

    private SanityCheck() {}

    /**
     * Runs every test of every method on the digits {@code indices} of {@code split}.
     *
     * @param shuffled the same architecture trained on shuffled labels (null: the label test is not run)
     * @param seed the seed of the re-initialisations and of the random logits
     */
    public static Result run(TappedNetwork net, ColoredSplit split, int[] indices, List<AttributionMethod> methods,
            ShuffledLabels shuffled, long seed) {
        long start = System.nanoTime();
        int n = indices.length;
        int[] classes = Predictions.of(net, split, indices).predicted();
        int[] others = new int[n];
        for (int i = 0; i < n; i++) {
            int other = new SplittableRandom(seed * 31 + indices[i]).nextInt(9);
            others[i] = other >= classes[i] ? other + 1 : other;
        }
        List<List<String>> groups = Randomisation.groups(net);
        Map<String, Similarity.Reference> original = new LinkedHashMap<>();
        Map<String, MethodParts> parts = new LinkedHashMap<>();
        try (NDManager manager = NDManager.newBaseManager()) {
            // The trained network, then each cascade step, then each group re-initialised alone (the first
            // cascade step re-initialises the head alone: it is the head's independent test too).
            List<TappedNetwork> members = new ArrayList<>(List.of(net));
            List<String> randomised = new ArrayList<>();
            for (List<String> group : groups) {
                randomised.addAll(group);
                members.add(Randomisation.randomise(net, randomised, seed, manager));
            }
            for (List<String> group : groups.subList(1, groups.size())) {
                members.add(Randomisation.randomise(net, group, seed, manager));
            }
            Networks networks = new Networks(new NetworkFamily(members), split, indices, methods,
                    List.of(classes, others));
            Map<String, Explanation.MapSets> trained = networks.maps(0);
            for (AttributionMethod m : methods) {
                Explanation.MapSets sets = trained.get(m.name());
                float[] maps = sets.maps().get(0);
                Similarity.Reference reference = Similarity.reference(maps, n);
                original.put(m.name(), reference);
                MethodParts p = new MethodParts();
                p.grid.add(head(maps, n));
                p.randomLogit = compare(reference, sets.maps().get(1), n);
                p.seconds += sets.seconds();
                parts.put(m.name(), p);
            }
            for (int d = 0; d < groups.size(); d++) {
                Map<String, Explanation.MapSets> stepped = networks.maps(1 + d);
                Map<String, Explanation.MapSets> alone = d == 0 ? stepped
                        : networks.maps(groups.size() + d);
                for (AttributionMethod m : methods) {
                    MethodParts p = parts.get(m.name());
                    float[] maps = stepped.get(m.name()).maps().get(0);
                    Measures measures = compare(original.get(m.name()), maps, n);
                    p.cascade.add(measures);
                    p.grid.add(head(maps, n));
                    p.independent.add(d == 0 ? measures
                            : compare(original.get(m.name()), alone.get(m.name()).maps().get(0), n));
                    p.seconds += stepped.get(m.name()).seconds() + (d == 0 ? 0 : alone.get(m.name()).seconds());
                }
            }
        }
        Map<String, Explanation.MapSets> shuffledMaps = shuffled == null ? null
                : Explanation.maps(shuffled.net(), split, indices, methods, List.of(classes));
        List<MethodResult> results = new ArrayList<>();
        for (AttributionMethod m : methods) {
            MethodParts p = parts.get(m.name());
            Measures labels = shuffledMaps == null ? null
                    : compare(original.get(m.name()), shuffledMaps.get(m.name()).maps().get(0), n);
            Map<String, Double> values = new LinkedHashMap<>();
            values.put("cascade", p.cascade.get(p.cascade.size() - 1).spearmanAbs().mean());
            values.put("independent", p.independent.stream().mapToDouble(x -> x.spearmanAbs().mean())
                    .filter(v -> !Double.isNaN(v)).average().orElse(Double.NaN));
            values.put("labels", labels == null ? Double.NaN : labels.spearmanAbs().mean());
            values.put("random-logit", p.randomLogit.spearmanAbs().mean());
            Map<String, Boolean> verdicts = new LinkedHashMap<>();
            values.forEach((test, v) -> verdicts.put(test, Double.isNaN(v) ? null : v < THRESHOLD));
            results.add(new MethodResult(m.name(), p.cascade, p.independent, labels, p.randomLogit, values, verdicts,
                    p.grid, p.seconds));
        }
        return new Result(groups, indices.clone(), classes, results, shuffled == null ? 0 : shuffled.epochs(),
                shuffled == null ? Double.NaN : shuffled.trainAccuracy(), THRESHOLD, seed,
                (System.nanoTime() - start) / 1e9);
    }

    /**
     * The maps of the checks' networks: a method that can run them all on shared passes ({@link FamilyMethod})
     * does so once, up front; every other method runs on each network in turn.
     */
    private static final class Networks {
        private final NetworkFamily family;
        private final ColoredSplit split;
        private final int[] indices;
        private final List<int[]> choices;
        private final List<AttributionMethod> own = new ArrayList<>();
        private final Map<String, List<Explanation.MapSets>> shared = new LinkedHashMap<>();

        /** @param choices the trained network's choices of classes: every other member's is the first alone */
        Networks(NetworkFamily family, ColoredSplit split, int[] indices, List<AttributionMethod> methods,
                List<int[]> choices) {
            this.family = family;
            this.split = split;
            this.indices = indices;
            this.choices = choices;
            for (AttributionMethod m : methods) {
                if (m instanceof FamilyMethod f) {
                    shared.put(m.name(), Explanation.maps(family, split, indices, f, choices));
                } else {
                    own.add(m);
                }
            }
        }

        /** Every method's maps on a member: the trained network (0) for every choice, the others for the first. */
        Map<String, Explanation.MapSets> maps(int member) {
            List<int[]> mine = member == 0 ? choices : choices.subList(0, 1);
            Map<String, Explanation.MapSets> out = new LinkedHashMap<>(Explanation.maps(family.members().get(member),
                    split, indices, own, mine));
            shared.forEach((name, sets) -> out.put(name, new Explanation.MapSets(
                    sets.get(member).maps().subList(0, mine.size()), sets.get(member).seconds())));
            return out;
        }
    }

    private static final class MethodParts {
        final List<Measures> cascade = new ArrayList<>();
        final List<Measures> independent = new ArrayList<>();
        final List<float[]> grid = new ArrayList<>();
        Measures randomLogit;
        double seconds;
    }

    private static Measures compare(Similarity.Reference a, float[] b, int n) {
        return Measures.of(a.against(b), n);
    }

    private static float[] head(float[] maps, int n) {
        return java.util.Arrays.copyOf(maps, Math.min(n, GRID_DIGITS) * Pixels.PIXELS);
    }
}
