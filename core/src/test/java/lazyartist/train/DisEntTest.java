package lazyartist.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import lazyartist.TestData;
import org.junit.jupiter.api.Test;

class DisEntTest {

    /**
     * Three samples, order (2, 0, 1): each keeps its own intrinsic features and reads sample
     * order[i]'s bias features; the bias head answers that sample's digit. The intrinsic head's loss
     * reaches only the intrinsic features, the bias head's only the bias ones.
     */
    @Test
    void theSwapKeepsTheIntrinsicFeaturesAndPermutesTheBiasOnesWithTheirDigits() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray intrinsic = manager.create(new float[] {1, 2, 3, 4, 5, 6}, new Shape(3, 2));
            NDArray bias = manager.create(new float[] {10, 20, 30}, new Shape(3, 1));
            NDArray labels = manager.create(new long[] {7, 8, 9});
            NDArray order = manager.create(new long[] {2, 0, 1});
            DisEnt.Swap swap = DisEnt.Swap.of(intrinsic, bias, labels, order);
            float[] expected = {1, 2, 30, 3, 4, 10, 5, 6, 20};
            assertThat(swap.intrinsicInput().toFloatArray()).containsExactly(expected);
            assertThat(swap.biasInput().toFloatArray()).containsExactly(expected);
            assertThat(swap.labels().toLongArray()).containsExactly(9, 7, 8);

            assertThat(gradients(manager, intrinsic, bias, labels, order, true)).isDeepEqualTo(
                    new float[][] {{1, 1, 1, 1, 1, 1}, {0, 0, 0}});
            assertThat(gradients(manager, intrinsic, bias, labels, order, false)).isDeepEqualTo(
                    new float[][] {{0, 0, 0, 0, 0, 0}, {1, 1, 1}});
        }
    }

    @Test
    void thePermutationIsOneAndFollowsTheSeed() {
        DisEnt a = started(7);
        DisEnt b = started(7);
        long[] first = a.permutation(50);
        assertThat(first).containsExactlyInAnyOrder(java.util.stream.LongStream.range(0, 50).toArray());
        assertThat(b.permutation(50)).containsExactly(first);
        assertThat(a.permutation(50)).isNotEqualTo(first);
    }

    private static DisEnt started(long seed) {
        DisEnt disEnt = new DisEnt(new lazyartist.data.ColoredSplit("t", new byte[0], new int[0], new int[0],
                new byte[0]));
        try (NDManager manager = NDManager.newBaseManager()) {
            disEnt.start(TestData.adam("disent-mlp", 1).withSeed(seed), manager);
        }
        return disEnt;
    }

    /** The gradients of the sum of one head's input, for the intrinsic and the bias features. */
    private static float[][] gradients(NDManager manager, NDArray intrinsic, NDArray bias, NDArray labels,
            NDArray order, boolean intrinsicHead) {
        NDArray i = intrinsic.duplicate();
        NDArray b = bias.duplicate();
        i.setRequiresGradient(true);
        b.setRequiresGradient(true);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            DisEnt.Swap swap = DisEnt.Swap.of(i, b, labels, order);
            collector.backward((intrinsicHead ? swap.intrinsicInput() : swap.biasInput()).sum());
        }
        return new float[][] {i.getGradient().toFloatArray(), b.getGradient().toFloatArray()};
    }
}
