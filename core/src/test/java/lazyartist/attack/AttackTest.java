package lazyartist.attack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import lazyartist.LabException;
import lazyartist.TestData;
import lazyartist.data.ColoredDataset;
import lazyartist.data.ColoredSplit;
import lazyartist.data.Mode;
import lazyartist.data.Pixels;
import lazyartist.data.SplitDataset;
import lazyartist.model.Layer;
import lazyartist.model.TappedNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AttackTest {

    private static final float TOLERANCE = 1e-6f;
    private static final Attack.Settings SETTINGS = new Attack.Settings(10, 1, Attack.Loss.CE, 0.9, 42);
    private static ColoredDataset data;
    private static TappedNetwork lazy;

    @BeforeAll
    static void useTheSharedLazyModel() {
        data = TestData.dataset(Mode.BACKGROUND);
        lazy = TestData.trainedLazy();
    }

    private static float[] budgets(int n, double epsilon) {
        float[] b = new float[n];
        Arrays.fill(b, (float) epsilon);
        return b;
    }

    /** Clean and adversarial floats of 20 hard digits attacked toward 3. */
    private static float[][] attack(Attack attack, double epsilon) {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = SplitDataset.images(manager, data.hard(), IntStream.range(0, 20).toArray());
            long[] targets = new long[20];
            Arrays.fill(targets, 3);
            NDArray adv = attack.run(lazy, x, manager.create(targets), manager.create(budgets(20, epsilon)), SETTINGS);
            return new float[][] {x.toFloatArray(), adv.toFloatArray()};
        }
    }

    @Test
    void everyAttackStaysInTheBallAndTheUnitCubeBeforeAndAfterSavingAsUint8() {
        Cloak.Targets t = Cloak.targets(lazy, data.val(), 7, 30);
        for (Attack attack : Attack.values()) {
            float[][] r = attack(attack, 0.05);
            for (int i = 0; i < r[0].length; i++) {
                assertThat(Math.abs(r[1][i] - r[0][i])).isLessThanOrEqualTo(0.05f + TOLERANCE);
                assertThat(r[1][i]).isBetween(0f, 1f);
            }
            Cloak.Outcome o = Cloak.attack(lazy, t, attack, 3, 0.05, SETTINGS);
            int limit = Math.round(0.05f * 255);
            for (int k = 0; k < t.clean().length; k++) {
                assertThat(Math.abs((o.adversarial()[k] & 0xff) - (t.clean()[k] & 0xff))).isLessThanOrEqualTo(limit);
            }
            assertThat(o.maxChange()).isLessThanOrEqualTo(limit / 255.0 + TOLERANCE);
        }
    }

    @Test
    void fgsmMovesEveryPixelByExactlyTheBudgetUnlessClippedOrFlat() {
        float[][] r = attack(Attack.FGSM, 0.05);
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
        Cloak.Targets t = Cloak.targets(lazy, val, 7, 30);
        assertThat(Arrays.stream(t.indices()).map(i -> val.labels()[i])).containsOnly(7);
        Cloak.Outcome fgsm = Cloak.attack(lazy, t, Attack.FGSM, 3, 0.05, SETTINGS);
        Cloak.Outcome pgd = Cloak.attack(lazy, t, Attack.PGD, 3, 0.05, SETTINGS);
        assertThat(pgd.meanTargetConfidence()).isGreaterThan(fgsm.meanTargetConfidence());
        Cloak.Outcome wide = Cloak.attack(lazy, t, Attack.PGD, 3, 0.5, SETTINGS);
        assertThat(wide.successRate()).isEqualTo(1.0);
        assertThat(wide.predicted()).containsOnly(3);
    }

    /**
     * On a linear model with one rival, the smallest L∞ change that makes the target win is
     * gap / ‖w_t − w_k‖₁ along sign(w_t − w_k): DeepFool's first step, with its 2% overshoot.
     */
    @Test
    void targetedDeepFoolTakesTheClosedFormMinimalStepOnALinearModel() {
        try (NDManager manager = NDManager.newBaseManager()) {
            TappedNetwork linear = new TappedNetwork(List.of(Layer.flatten("flatten"), Layer.linear("fc", 2352, 10)));
            linear.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 28, 28));
            Random random = new Random(5);
            float[] w = new float[10 * 2352];
            for (int i = 0; i < w.length; i++) {
                w[i] = (float) random.nextGaussian() * 0.01f;
            }
            float[] b = new float[10];
            Arrays.fill(b, -100f);
            b[7] = 1f; // the current class
            b[3] = 0f; // the target, one logit-unit behind
            linear.stage("fc").getParameters().get("weight").getArray().set(w);
            linear.stage("fc").getParameters().get("bias").getArray().set(b);
            float[] pixels = new float[2352];
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = 0.3f + 0.4f * random.nextFloat();
            }
            NDArray x = manager.create(pixels, new Shape(1, 3, 28, 28));
            double gap = 0;
            double norm = 0;
            for (int i = 0; i < 2352; i++) {
                double d = w[3 * 2352 + i] - w[7 * 2352 + i];
                gap -= d * pixels[i];
                norm += Math.abs(d);
            }
            gap += b[7] - b[3];
            double minimal = gap / norm;
            assertThat(minimal).isBetween(0.001, 0.3);
            NDArray adv = Attack.DEEPFOOL.run(linear, x, manager.create(new long[] {3}), manager.create(new float[] {1f}),
                    new Attack.Settings(1, 1, Attack.Loss.CE, 0, 0));
            double largest = adv.sub(x).abs().max().getFloat();
            assertThat(largest).isCloseTo(minimal * (1 + Attack.OVERSHOOT), org.assertj.core.data.Percentage
                    .withPercentage(1));
            assertThat(adv.reshape(1, -1).matMul(manager.create(w, new Shape(10, 2352)).transpose())
                    .add(manager.create(b)).argMax(1).getLong()).isEqualTo(3);
        }
    }

    @Test
    void theMinimalBudgetIsMonotone() {
        Cloak.Targets t = Cloak.targets(lazy, data.val(), 7, 10);
        MinimalEpsilon m = MinimalEpsilon.search(lazy, t, Attack.PGD, 3, 0.5, List.of(), SETTINGS);
        assertThat(m.perImage()).hasSize(10);
        double[] found = new double[t.size()];
        for (int i = 0; i < t.size(); i++) {
            found[i] = Float.isNaN(m.perImage()[i]) ? 0.5 : m.perImage()[i];
        }
        for (double factor : new double[] {1, 1.5, 3}) {
            double[] budgets = Arrays.stream(found).map(e -> Math.min(0.5, e * factor)).toArray();
            boolean[] fooled = MinimalEpsilon.fooled(lazy, t, IntStream.range(0, t.size()).toArray(), Attack.PGD, 3,
                    budgets, SETTINGS);
            for (int i = 0; i < t.size(); i++) {
                if (!Float.isNaN(m.perImage()[i])) {
                    assertThat(fooled[i]).as("image %d at %.1f × its minimal ε", i, factor).isTrue();
                }
            }
        }
    }

    @Test
    void aSearchFromTheGridStaysInsideEachImagesBracketOfTheGrid() {
        Cloak.Targets t = Cloak.targets(lazy, data.val(), 7, 10);
        List<Double> grid = List.of(0.02, 0.05, 0.1, 0.2, 0.5);
        List<Cloak.Outcome> curves = Cloak.curves(lazy, t, List.of(Attack.PGD), 3, grid, SETTINGS);
        MinimalEpsilon m = MinimalEpsilon.search(lazy, t, Attack.PGD, 3, 0.5, curves, SETTINGS);
        int bracketed = 0;
        for (int i = 0; i < t.size(); i++) {
            double found = m.perImage()[i];
            Double fooledAt = null;
            for (Cloak.Outcome o : curves) {
                boolean ok = Cloak.success(o.predicted()[i], o.targetConfidence()[i], 3, SETTINGS.confidence());
                if (ok && fooledAt == null) {
                    fooledAt = o.epsilon();
                    assertThat(found).as("image %d, fooled at %.2f", i, o.epsilon()).isLessThanOrEqualTo(o.epsilon());
                }
            }
            if (fooledAt == null) {
                assertThat(found).as("image %d is fooled at no budget of the grid", i).isNaN();
                continue;
            }
            bracketed++;
            for (Cloak.Outcome o : curves) {
                boolean ok = Cloak.success(o.predicted()[i], o.targetConfidence()[i], 3, SETTINGS.confidence());
                if (!ok && o.epsilon() < fooledAt) {
                    assertThat(found).as("image %d, not fooled at %.2f", i, o.epsilon()).isGreaterThan(o.epsilon());
                }
            }
        }
        assertThat(bracketed).as("images fooled within the grid").isPositive();
    }

    @Test
    void restartsOnlyImproveAndLeaveTheImagesTheFirstStartFooled() {
        Cloak.Targets t = Cloak.targets(lazy, data.val(), 7, 30);
        Attack.Settings one = new Attack.Settings(5, 1, Attack.Loss.MARGIN, 0.9, 7);
        Attack.Settings three = new Attack.Settings(5, 3, Attack.Loss.MARGIN, 0.9, 7);
        Cloak.Outcome first = Cloak.attack(lazy, t, Attack.PGD, 3, 0.1, one);
        Cloak.Outcome restarted = Cloak.attack(lazy, t, Attack.PGD, 3, 0.1, three);
        int size = Pixels.VALUES;
        for (int i = 0; i < t.size(); i++) {
            if (Cloak.success(first.predicted()[i], first.targetConfidence()[i], 3, 0.9)) {
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
        Cloak.Targets heldOut = Cloak.targets(lazy, data.val(), 7, Integer.MAX_VALUE);
        Universal u = Universal.fit(lazy, data.train(), heldOut, 7, 3, 0.1, SETTINGS);
        assertThat(u.delta()).hasSize(28 * 28 * 3);
        for (float d : u.delta()) {
            assertThat(Math.abs(d)).isLessThanOrEqualTo(0.1f + TOLERANCE);
        }
        assertThat(u.fitImages()).isEqualTo((int) Arrays.stream(data.train().labels()).filter(l -> l == 7).count());
        assertThat(u.heldOutImages()).isEqualTo(heldOut.size());
        assertThatThrownBy(() -> Universal.fit(lazy, data.val(), heldOut, 7, 3, 0.1, SETTINGS))
                .isInstanceOf(LabException.class).hasMessageContaining("not fitted on");
    }

    @Test
    void restartsWithTheSameSeedGiveTheSameImages() {
        Cloak.Targets t = Cloak.targets(lazy, data.val(), 7, 10);
        Attack.Settings a = new Attack.Settings(5, 3, Attack.Loss.MARGIN, 0.9, 7);
        byte[] first = Cloak.attack(lazy, t, Attack.PGD, 3, 0.05, a).adversarial();
        byte[] again = Cloak.attack(lazy, t, Attack.PGD, 3, 0.05, a).adversarial();
        byte[] other = Cloak.attack(lazy, t, Attack.PGD, 3, 0.05, new Attack.Settings(5, 3, Attack.Loss.MARGIN, 0.9,
                8)).adversarial();
        assertThat(again).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
    }

    private static Cloak.Outcome outcome(String attack, double epsilon, double success, double confidence) {
        return new Cloak.Outcome(attack, epsilon, success, confidence, epsilon, 0, null, null, null);
    }

    @Test
    void theStrongestAttackIsTheOneThatFoolsMostOverTheGridNotOnlyAtEpsilon() {
        // At ε every attack fails and DeepFool comes closest; over the grid PGD fools the most.
        List<Cloak.Outcome> atEpsilon = List.of(outcome("fgsm", 0.05, 0, 0.04), outcome("pgd", 0.05, 0, 0.05),
                outcome("deepfool", 0.05, 0, 0.06));
        List<Cloak.Outcome> curves = List.of(outcome("fgsm", 0.2, 0.96, 0.9), outcome("pgd", 0.2, 1.0, 0.95),
                outcome("deepfool", 0.2, 0.5, 0.5), outcome("pgd", 0.1, 0.06, 0.2), outcome("deepfool", 0.1, 0.02, 0.1));
        assertThat(Cloak.strongest(atEpsilon, curves)).isEqualTo(Attack.PGD);
        // Without a grid the success at ε decides, then the target's probability.
        assertThat(Cloak.strongest(atEpsilon, List.of())).isEqualTo(Attack.DEEPFOOL);
    }
}
