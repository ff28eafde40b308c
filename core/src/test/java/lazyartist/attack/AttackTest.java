package lazyartist.attack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import lazyartist.LabException;
import lazyartist.TestData;
import lazyartist.data.ColoredDataset;
import lazyartist.data.ColoredSplit;
import lazyartist.data.Mode;
import lazyartist.data.Pixels;
import lazyartist.data.SplitDataset;
import lazyartist.model.TappedNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The attacks on the lazy CNN trained on the test subset: budgets, rounding, search, restarts, seeds. */
class AttackTest {

    private static final float TOLERANCE = 1e-6f;
    private static final Settings SETTINGS = Settings.DEFAULTS.withSteps(10).withQueries(100);
    private static ColoredDataset data;
    private static TappedNetwork lazy;

    @BeforeAll
    static void useTheSharedLazyModel() {
        data = TestData.dataset(Mode.BACKGROUND);
        lazy = TestData.trainedLazy();
    }

    /** Clean and adversarial floats of 20 hard digits attacked toward 3. */
    private static float[][] attack(Attack attack, double epsilon, Settings s) {
        try (NDManager manager = NDManager.newBaseManager()) {
            int[] which = IntStream.range(0, 20).toArray();
            NDArray x = SplitDataset.images(manager, data.hard(), which);
            long[] labels = IntStream.of(which).mapToLong(i -> data.hard().labels()[i]).toArray();
            long[] targets = new long[20];
            Arrays.fill(targets, 3);
            float[] budgets = new float[20];
            Arrays.fill(budgets, (float) epsilon);
            Goal goal = new Goal(x, manager.create(labels), manager.create(targets), manager.create(budgets),
                    IntStream.of(which).asLongStream().toArray());
            return new float[][] {x.toFloatArray(), attack.run(lazy, goal, s).toFloatArray()};
        }
    }

    @Test
    void everyAttackStaysInTheBallAndTheUnitCubeBeforeAndAfterSavingAsUint8() {
        Targets t = Targets.readRight(lazy, data.val(), 7, 20);
        for (Attack attack : Attack.ALL) {
            float[][] r = attack(attack, 0.05, SETTINGS);
            for (int i = 0; i < r[0].length; i++) {
                assertThat(Math.abs(r[1][i] - r[0][i])).as(attack.key()).isLessThanOrEqualTo(0.05f + TOLERANCE);
                assertThat(r[1][i]).isBetween(0f, 1f);
            }
            Outcome o = SavedImages.run(lazy, t, 3, 0.05, attack, SETTINGS);
            int limit = Math.round(0.05f * 255);
            for (int k = 0; k < t.clean().length; k++) {
                assertThat(Math.abs((o.adversarial()[k] & 0xff) - (t.clean()[k] & 0xff))).isLessThanOrEqualTo(limit);
            }
            assertThat(o.maxChange()).isLessThanOrEqualTo(limit / 255.0 + TOLERANCE);
        }
    }

    /**
     * In L2 every saved image's change, in uint8 units after rounding, is at most ε·255 long: no slack.
     * Rounding to the nearest level alone would overshoot on the images that the attacks leave on the
     * ball's surface.
     */
    @Test
    void everySavedL2ChangeIsAtMostTheBudgetAfterRounding() {
        Targets t = Targets.readRight(lazy, data.val(), 7, 20);
        Settings l2 = SETTINGS.withNorm(Norm.L2);
        for (Attack attack : Attack.ALL) {
            if (!attack.supports(Norm.L2)) {
                continue;
            }
            for (double epsilon : new double[] {0.3, 1.0}) {
                Outcome o = SavedImages.run(lazy, t, 3, epsilon, attack, l2);
                for (int i = 0; i < t.size(); i++) {
                    double length = 0;
                    for (int k = i * Pixels.VALUES; k < (i + 1) * Pixels.VALUES; k++) {
                        int d = (o.adversarial()[k] & 0xff) - (t.clean()[k] & 0xff);
                        length += (double) d * d;
                    }
                    assertThat(Math.sqrt(length)).as("%s at %s, image %d", attack.key(), epsilon, i)
                            .isLessThanOrEqualTo(epsilon * 255);
                }
            }
        }
        // Nearest rounding of a change on the surface overshoots; the saved change is pulled back inside.
        byte[] clean = new byte[Pixels.VALUES];
        float[] scaled = new float[Pixels.VALUES];
        for (int k = 0; k < Pixels.VALUES; k++) {
            clean[k] = (byte) 100;
            scaled[k] = 100.6f;
        }
        double budget = 0.6 * Math.sqrt(Pixels.VALUES) / 255;
        byte[] saved = SavedImages.round(clean, scaled, new float[] {(float) budget}, Norm.L2);
        double length = 0;
        for (byte b : saved) {
            length += Math.pow((b & 0xff) - 100, 2);
        }
        assertThat(Math.sqrt(length)).isLessThanOrEqualTo(budget * 255).isGreaterThan(0.5 * budget * 255);
    }

    @Test
    void fgsmMovesEveryPixelByExactlyTheBudgetUnlessClippedOrFlat() {
        float[][] r = attack(Attack.of("fgsm"), 0.05, SETTINGS);
        int full = 0;
        for (int i = 0; i < r[0].length; i++) {
            float change = Math.abs(r[1][i] - r[0][i]);
            boolean clipped = r[1][i] == 0f || r[1][i] == 1f;
            assertThat(change < TOLERANCE || Math.abs(change - 0.05f) < TOLERANCE || clipped)
                    .as("pixel %d moved by %f", i, change).isTrue();
            full += Math.abs(change - 0.05f) < TOLERANCE ? 1 : 0;
        }
        assertThat(full).isGreaterThan(r[0].length / 2);
    }

    @Test
    void pgdPushesTheTargetFurtherThanFgsmAndAWideBudgetAlwaysFools() {
        ColoredSplit val = data.val();
        Targets t = Targets.readRight(lazy, val, 7, 30);
        assertThat(Arrays.stream(t.indices()).map(i -> val.labels()[i])).containsOnly(7);
        Outcome fgsm = SavedImages.run(lazy, t, 3, 0.05, Attack.of("fgsm"), SETTINGS);
        Outcome pgd = SavedImages.run(lazy, t, 3, 0.05, Attack.of("pgd"), SETTINGS);
        assertThat(pgd.meanTargetConfidence()).isGreaterThan(fgsm.meanTargetConfidence());
        Outcome wide = SavedImages.run(lazy, t, 3, 0.5, Attack.of("pgd"), SETTINGS);
        assertThat(wide.successRate()).isEqualTo(1.0);
        assertThat(wide.predicted()).containsOnly(3);
    }

    @Test
    void theMinimalBudgetIsMonotone() {
        Targets t = Targets.readRight(lazy, data.val(), 7, 10);
        Attack pgd = Attack.of("pgd");
        MinimalEpsilon.Oracle oracle = MinimalEpsilon.attackOracle(lazy, pgd, t, 3, SETTINGS);
        MinimalEpsilon m = MinimalEpsilon.search("pgd", Norm.LINF, t.size(), 0.5, List.of(), oracle);
        assertThat(m.perImage()).hasSize(10);
        double[] found = new double[t.size()];
        for (int i = 0; i < t.size(); i++) {
            found[i] = Float.isNaN(m.perImage()[i]) ? 0.5 : m.perImage()[i];
        }
        for (double factor : new double[] {1, 1.5, 3}) {
            double[] budgets = Arrays.stream(found).map(e -> Math.min(0.5, e * factor)).toArray();
            boolean[] fooled = oracle.fooled(IntStream.range(0, t.size()).toArray(), budgets);
            for (int i = 0; i < t.size(); i++) {
                if (!Float.isNaN(m.perImage()[i])) {
                    assertThat(fooled[i]).as("image %d at %.1f × its minimal ε", i, factor).isTrue();
                }
            }
        }
    }

    @Test
    void aSearchFromTheGridStaysInsideEachImagesBracketOfTheGrid() {
        Targets t = Targets.readRight(lazy, data.val(), 7, 10);
        List<Double> grid = List.of(0.02, 0.05, 0.1, 0.2, 0.5);
        Attack pgd = Attack.of("pgd");
        List<Outcome> curves = Curves.measure(lazy, t, List.of(pgd), null, 3, grid, SETTINGS, List.of());
        MinimalEpsilon m = MinimalEpsilon.search("pgd", Norm.LINF, t.size(), 0.5, curves,
                MinimalEpsilon.attackOracle(lazy, pgd, t, 3, SETTINGS));
        int bracketed = 0;
        for (int i = 0; i < t.size(); i++) {
            double found = m.perImage()[i];
            Double fooledAt = null;
            for (Outcome o : curves) {
                if (o.fooled()[i] && fooledAt == null) {
                    fooledAt = o.epsilon();
                    assertThat(found).as("image %d, fooled at %.2f", i, o.epsilon()).isLessThanOrEqualTo(o.epsilon());
                }
            }
            if (fooledAt == null) {
                assertThat(found).as("image %d is fooled at no budget of the grid", i).isNaN();
                continue;
            }
            bracketed++;
            for (Outcome o : curves) {
                if (!o.fooled()[i] && o.epsilon() < fooledAt) {
                    assertThat(found).as("image %d, not fooled at %.2f", i, o.epsilon()).isGreaterThan(o.epsilon());
                }
            }
        }
        assertThat(bracketed).as("images fooled within the grid").isPositive();
    }

    @Test
    void restartsOnlyImproveAndLeaveTheImagesTheFirstStartFooled() {
        Targets t = Targets.readRight(lazy, data.val(), 7, 30);
        Settings one = SETTINGS.withSteps(5).withRestarts(1).withLoss(Loss.MARGIN).withSeed(7);
        Outcome first = SavedImages.run(lazy, t, 3, 0.1, Attack.of("pgd"), one);
        Outcome restarted = SavedImages.run(lazy, t, 3, 0.1, Attack.of("pgd"), one.withRestarts(3));
        int size = Pixels.VALUES;
        for (int i = 0; i < t.size(); i++) {
            if (first.fooled()[i]) {
                assertThat(Arrays.copyOfRange(restarted.adversarial(), i * size, (i + 1) * size)).as("image %d", i)
                        .isEqualTo(Arrays.copyOfRange(first.adversarial(), i * size, (i + 1) * size));
            }
            assertThat(restarted.targetConfidence()[i]).as("image %d", i)
                    .isGreaterThanOrEqualTo(first.targetConfidence()[i] - 1e-3f);
        }
        assertThat(first.successRate()).as("some fooled by the first start, some not").isBetween(0.01, 0.99);
    }

    @Test
    void aUniversalPerturbationIsOneArrayWithinBudgetScoredOnUnseenDigits() {
        Targets heldOut = Targets.readRight(lazy, data.val(), 7, Integer.MAX_VALUE);
        Universal u = Universal.fit(lazy, data.train(), heldOut, 7, 3, 0.1, SETTINGS);
        assertThat(u.delta()).hasSize(Pixels.VALUES);
        for (float d : u.delta()) {
            assertThat(Math.abs(d)).isLessThanOrEqualTo(0.1f + TOLERANCE);
        }
        assertThat(u.fitImages()).isEqualTo((int) Arrays.stream(data.train().labels()).filter(l -> l == 7).count());
        assertThat(u.heldOutImages()).isEqualTo(heldOut.size());
        assertThatThrownBy(() -> Universal.fit(lazy, data.val(), heldOut, 7, 3, 0.1, SETTINGS))
                .isInstanceOf(LabException.class).hasMessageContaining("not fitted on");
    }

    /** An image's random draws follow from the seed and its own id: the same seed gives the same images. */
    @Test
    void theSameSeedGivesTheSameImagesAndAnotherSeedOthers() {
        Targets t = Targets.readRight(lazy, data.val(), 7, 10);
        for (String key : List.of("pgd", "apgd-ce", "square")) {
            Settings a = SETTINGS.withSteps(5).withRestarts(3).withLoss(Loss.MARGIN).withSeed(7);
            byte[] first = SavedImages.run(lazy, t, 3, 0.05, Attack.of(key), a).adversarial();
            byte[] again = SavedImages.run(lazy, t, 3, 0.05, Attack.of(key), a).adversarial();
            byte[] other = SavedImages.run(lazy, t, 3, 0.05, Attack.of(key), a.withSeed(8)).adversarial();
            assertThat(again).as(key).isEqualTo(first);
            assertThat(other).as(key).isNotEqualTo(first);
        }
    }

    /**
     * The suite built from its attacks' own outcomes, or from some of them, is the suite run attack after
     * attack on what is left; a later attack runs on exactly the images the earlier ones left.
     */
    @Test
    void theSuiteFromItsAttacksOutcomesIsTheSuiteRunInTurn() {
        Targets t = Targets.readRight(lazy, data.val(), 7, 12);
        Suite suite = Suite.of("reliable");
        for (double epsilon : new double[] {0.02, 0.1}) {
            List<Outcome> each = suite.attacks().stream().map(a -> SavedImages.run(lazy, t, 3, epsilon, a, SETTINGS))
                    .toList();
            float[] budgets = new float[t.size()];
            Arrays.fill(budgets, (float) epsilon);
            Suite.Verdict run = suite.run(lazy, t, 3, budgets, epsilon, SETTINGS);
            Suite.Verdict combined = suite.run(lazy, t, 3, budgets, epsilon, SETTINGS, each);
            Suite.Verdict firstKnown = suite.run(lazy, t, 3, budgets, epsilon, SETTINGS, each.subList(0, 1));
            assertThat(combined.ran()).isEmpty();
            assertThat(combined.fooledBy()).as("ε %s", epsilon).containsExactly(run.fooledBy());
            assertThat(combined.outcome().fooled()).containsExactly(run.outcome().fooled());
            assertThat(firstKnown.fooledBy()).containsExactly(run.fooledBy());
            for (int i = 0; i < t.size(); i++) {
                boolean any = false;
                for (Outcome o : each) {
                    any |= o.fooled()[i];
                }
                assertThat(run.outcome().fooled()[i]).isEqualTo(any);
            }
            for (Outcome later : firstKnown.ran()) {
                Outcome alone = each.stream().filter(o -> o.attack().equals(later.attack())).findFirst().orElseThrow();
                for (int i = 0; i < t.size(); i++) {
                    boolean left = !each.get(0).fooled()[i] && (later.attack().equals("apgd-dlr")
                            || !each.get(1).fooled()[i]);
                    assertThat(later.attacked() == null || later.attacked()[i]).as("%s on image %d", later.attack(), i)
                            .isEqualTo(left);
                    if (left) {
                        assertThat(later.fooled()[i]).isEqualTo(alone.fooled()[i]);
                    }
                }
            }
        }
    }

    /**
     * The curves' point at ε takes the outcomes at ε run with the curves' settings in the same batches, and
     * gets exactly what running it again gives; other settings or other batches are run again.
     */
    @Test
    void theCurvesReuseTheOutcomesAtEpsilonRunAsTheyWouldRunThem() {
        Targets t = Targets.readRight(lazy, data.val(), 7, 12);
        Settings curve = SETTINGS.withQueries(50);
        List<Attack> attacks = List.of(Attack.of("pgd"), Attack.of("deepfool"), Attack.of("apgd-ce"),
                Attack.of("square"));
        List<Outcome> atEpsilon = attacks.stream().map(a -> SavedImages.run(lazy, t, 3, 0.2, a, SETTINGS)).toList();
        List<Outcome> known = Curves.repeated(lazy, t, t, 3, atEpsilon, SETTINGS, curve);
        assertThat(known).extracting(Outcome::attack).as("Square ran with other queries").containsExactly("pgd",
                "deepfool", "apgd-ce");
        assertThat(Curves.repeated(lazy, t, t, 3, atEpsilon, SETTINGS.withRestarts(2), curve))
                .extracting(Outcome::attack).as("DeepFool makes one run").containsExactly("deepfool");
        assertThat(Curves.repeated(lazy, t, t.head(5), 3, atEpsilon, SETTINGS, curve)).as("other batches")
                .isEmpty();
        Suite suite = Suite.of("reliable");
        List<Outcome> run = Curves.measure(lazy, t, attacks, suite, 3, List.of(0.05, 0.2), curve, List.of());
        List<Outcome> reused = Curves.measure(lazy, t, attacks, suite, 3, List.of(0.05, 0.2), curve, known);
        assertThat(reused).extracting(o -> o.attack() + "@" + o.epsilon())
                .containsExactlyElementsOf(run.stream().map(o -> o.attack() + "@" + o.epsilon()).toList());
        for (int k = 0; k < run.size(); k++) {
            assertThat(reused.get(k).fooled()).as(run.get(k).attack()).containsExactly(run.get(k).fooled());
            assertThat(reused.get(k).targetConfidence()).containsExactly(run.get(k).targetConfidence());
            assertThat(reused.get(k).maxChange()).isEqualTo(run.get(k).maxChange());
        }
        assertThat(run.stream().filter(o -> o.epsilon() == 0.2).mapToInt(Outcome::count).sum()).as("some fooled")
                .isPositive();
    }

    private static Outcome outcome(String attack, double epsilon, double success, double confidence) {
        return new Outcome(attack, "linf", epsilon, success, confidence, epsilon, 0, null, null, new boolean[0], null,
                null);
    }

    @Test
    void theStrongestAttackIsTheOneThatFoolsMostOverTheGridNotOnlyAtEpsilon() {
        // At ε every attack fails and DeepFool comes closest; over the grid PGD fools the most.
        List<Outcome> atEpsilon = List.of(outcome("fgsm", 0.05, 0, 0.04), outcome("pgd", 0.05, 0, 0.05),
                outcome("deepfool", 0.05, 0, 0.06));
        List<Outcome> curves = List.of(outcome("fgsm", 0.2, 0.96, 0.9), outcome("pgd", 0.2, 1.0, 0.95),
                outcome("deepfool", 0.2, 0.5, 0.5), outcome("pgd", 0.1, 0.06, 0.2), outcome("deepfool", 0.1, 0.02, 0.1));
        assertThat(Cloak.strongest(atEpsilon, curves).key()).isEqualTo("pgd");
        // Without a grid the success at ε decides, then the target's probability.
        assertThat(Cloak.strongest(atEpsilon, List.of()).key()).isEqualTo("deepfool");
    }
}
