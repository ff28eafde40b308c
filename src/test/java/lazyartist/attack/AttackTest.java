package lazyartist.attack;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import lazyartist.TestData;
import lazyartist.data.ColoredDataset;
import lazyartist.data.ColoredSplit;
import lazyartist.data.Mode;
import lazyartist.data.SplitDataset;
import lazyartist.model.TappedNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AttackTest {

    private static final float TOLERANCE = 1e-6f;
    private static ColoredDataset data;
    private static TappedNetwork lazy;

    @BeforeAll
    static void useTheSharedLazyModel() {
        data = TestData.dataset(Mode.BACKGROUND);
        lazy = TestData.trainedLazy();
    }

    /** Clean and adversarial pixels of 20 hard digits attacked toward 3. */
    private static float[][] attack(Attack attack, double epsilon) {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = SplitDataset.images(manager, data.hard(), IntStream.range(0, 20).toArray());
            long[] targets = new long[20];
            Arrays.fill(targets, 3);
            NDArray adv = attack.run(lazy, x, manager.create(targets), epsilon, 10);
            return new float[][] {x.toFloatArray(), adv.toFloatArray()};
        }
    }

    @Test
    void bothAttacksStayWithinTheBudgetAndTheUnitCube() {
        for (Attack attack : Attack.values()) {
            float[][] r = attack(attack, 0.05);
            for (int i = 0; i < r[0].length; i++) {
                assertThat(Math.abs(r[1][i] - r[0][i])).isLessThanOrEqualTo(0.05f + TOLERANCE);
                assertThat(r[1][i]).isBetween(0f, 1f);
            }
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
        Cloak.Options small = new Cloak.Options(7, 3, 0.05, 20, 0.9, 30);
        Cloak.Result r = Cloak.run(lazy, val, List.of(Attack.FGSM, Attack.PGD), small);
        assertThat(r.indices()).isNotEmpty();
        assertThat(Arrays.stream(r.indices()).map(i -> val.labels()[i])).containsOnly(7);
        Cloak.Outcome fgsm = r.outcomes().get(0);
        Cloak.Outcome pgd = r.outcomes().get(1);
        assertThat(fgsm.maxLinf()).isLessThanOrEqualTo(0.05 + TOLERANCE);
        assertThat(pgd.maxLinf()).isLessThanOrEqualTo(0.05 + TOLERANCE);
        assertThat(pgd.meanTargetConfidence()).isGreaterThan(fgsm.meanTargetConfidence());
        Cloak.Result wide = Cloak.run(lazy, val, List.of(Attack.PGD), new Cloak.Options(7, 3, 0.5, 20, 0.9, 30));
        assertThat(wide.outcomes().get(0).successRate()).isEqualTo(1.0);
        assertThat(wide.outcomes().get(0).predicted()).containsOnly(3);
    }
}
