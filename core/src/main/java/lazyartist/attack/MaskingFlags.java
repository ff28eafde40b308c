package lazyartist.attack;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import lazyartist.data.Pixels;
import lazyartist.data.SplitDataset;
import lazyartist.model.InputGradient;
import lazyartist.model.TappedNetwork;

/**
 * The symptoms of gradient masking that AutoAttack's checks and Athalye et al. (2018) list, computed
 * from what the attacks returned: a model that merely hides its gradients looks robust to
 * gradient attacks only. A clean model raises none.
 */
public final class MaskingFlags {

    /** Engine seeds the adversarial images are judged again under. */
    static final long[] SEEDS = {1, 2, 3};

    /**
     * One flag raised.
     *
     * @param norm the budget's geometry it concerns (null: none)
     * @param images the images it concerns, by their indices in the split
     */
    public record Flag(String name, String norm, String description, List<Integer> images) {}

    private MaskingFlags() {}

    /**
     * Images whose input gradient is exactly zero for the targeted cross-entropy or DLR loss at the
     * clean image: no gradient attack can start from there.
     */
    public static Flag zeroGradient(TappedNetwork net, Targets t, int to, Settings s) {
        List<Integer> zero = new ArrayList<>();
        int batchSize = net.batchFor(SavedImages.BATCH);
        for (int from = 0; from < t.size(); from += batchSize) {
            int end = Math.min(t.size(), from + batchSize);
            try (NDManager m = NDManager.newBaseManager()) {
                NDArray x = SplitDataset.images(m, Arrays.copyOfRange(t.clean(), from * Pixels.VALUES,
                        end * Pixels.VALUES));
                long[] labels = IntStream.range(from, end).mapToLong(i -> t.labels()[i]).toArray();
                long[] targets = new long[end - from];
                Arrays.fill(targets, to);
                Goal goal = new Goal(x, m.create(labels), m.create(targets), null, null);
                boolean[] flat = new boolean[end - from];
                for (Loss loss : new Loss[] {Loss.CE, Loss.DLR}) {
                    float[] g = InputGradient.of(net, x, z -> loss.objective(z, goal, s.kappa()).sum()).gradient()
                            .abs().reshape(end - from, -1).sum(new int[] {1}).toFloatArray();
                    for (int k = 0; k < g.length; k++) {
                        flat[k] |= g[k] == 0;
                    }
                }
                for (int k = 0; k < flat.length; k++) {
                    if (flat[k]) {
                        zero.add(t.indices()[from + k]);
                    }
                }
            }
        }
        return zero.isEmpty() ? null : new Flag("zero-gradient", null, String.format(java.util.Locale.ROOT,
                "%d of %d images have an input gradient of exactly zero (targeted cross-entropy or DLR loss at the"
                        + " clean image): gradient attacks cannot start from there", zero.size(), t.size()), zero);
    }

    /**
     * Images the black-box Square Attack fools at ε that no gradient attack fooled at the same ε: the
     * model resists its gradients more than its decisions.
     */
    public static Flag blackBoxBeatsWhiteBox(Targets t, List<Outcome> atEpsilon, Norm norm) {
        Outcome square = atEpsilon.stream().filter(o -> o.attack().equals("square")).findFirst().orElse(null);
        List<Outcome> white = atEpsilon.stream().filter(o -> !o.attack().equals("square")
                && !o.attack().equals(Suite.KEY) && Attack.of(o.attack()).usesGradients()).toList();
        if (square == null || white.isEmpty()) {
            return null;
        }
        List<Integer> images = new ArrayList<>();
        for (int i = 0; i < t.size(); i++) {
            int image = i;
            if (square.fooled()[i] && white.stream().noneMatch(o -> o.fooled()[image])) {
                images.add(t.indices()[i]);
            }
        }
        return images.isEmpty() ? null : new Flag("black-box-beats-white-box", norm.key(), String.format(
                java.util.Locale.ROOT, "%d of %d images fooled by Square at %s ε = %s and by none of %s",
                images.size(), t.size(), norm.symbol(), square.epsilon(),
                white.stream().map(Outcome::attack).toList()), images);
    }

    /**
     * Images whose verdict changes when the saved adversarial images are judged again under other
     * engine seeds: the model is not deterministic, and a success may be luck.
     */
    public static Flag seedDependence(TappedNetwork net, Targets t, Outcome o, Integer to, double confidence) {
        List<Integer> images = new ArrayList<>();
        int[] aims = new int[t.size()];
        Arrays.fill(aims, to == null ? -1 : to);
        for (long seed : SEEDS) {
            Engine.getInstance().setRandomSeed((int) seed);
            Outcome again = SavedImages.judge(net, o.attack(), Norm.parse(o.norm()), o.epsilon(), t, aims, to != null,
                    o.adversarial(), confidence, 0);
            for (int i = 0; i < t.size(); i++) {
                if (again.fooled()[i] != o.fooled()[i] && !images.contains(t.indices()[i])) {
                    images.add(t.indices()[i]);
                }
            }
        }
        return images.isEmpty() ? null : new Flag("seed-dependent", o.norm(), String.format(java.util.Locale.ROOT,
                "%d of %d images change verdict when %s's images are judged again under other engine seeds",
                images.size(), t.size(), o.attack()), images);
    }

    /**
     * A success rate that falls as the budget grows, with the images fooled at the smaller budget and
     * not at the larger: a larger ball contains the smaller one, so only a failing attack does that.
     */
    public static Flag notRisingWithEpsilon(Targets t, List<Outcome> curve, Norm norm) {
        List<Outcome> sorted = curve.stream().sorted(java.util.Comparator.comparingDouble(Outcome::epsilon)).toList();
        List<Integer> images = new ArrayList<>();
        List<String> drops = new ArrayList<>();
        for (int k = 1; k < sorted.size(); k++) {
            Outcome small = sorted.get(k - 1);
            Outcome large = sorted.get(k);
            if (large.successRate() < small.successRate()) {
                drops.add(String.format(java.util.Locale.ROOT, "%.0f%% at ε = %s, %.0f%% at %s",
                        100 * small.successRate(), small.epsilon(), 100 * large.successRate(), large.epsilon()));
                for (int i = 0; i < t.size(); i++) {
                    if (small.fooled()[i] && !large.fooled()[i] && !images.contains(t.indices()[i])) {
                        images.add(t.indices()[i]);
                    }
                }
            }
        }
        return drops.isEmpty() ? null : new Flag("success-not-rising-with-epsilon", norm.key(), sorted.get(0).attack()
                + "'s " + norm.symbol() + " success falls as ε grows: " + String.join("; ", drops), images);
    }
}
