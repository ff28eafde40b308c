package lazyartist.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import lazyartist.LabException;
import lazyartist.data.ColoredSplit;
import lazyartist.data.Pixels;
import lazyartist.model.Architecture;
import lazyartist.model.ModelStore;
import lazyartist.model.TappedNetwork;
import org.junit.jupiter.api.Test;

class LastLayerRetrainingTest {

    /** Digit d: 20 + d digits in its own colour and 2 + d in colour (d + 1) mod 10, with random pixels. */
    private static ColoredSplit heldOut() {
        Random random = new Random(5);
        List<int[]> samples = new java.util.ArrayList<>();
        for (int d = 0; d < 10; d++) {
            for (int k = 0; k < 20 + d; k++) {
                samples.add(new int[] {d, d});
            }
            for (int k = 0; k < 2 + d; k++) {
                samples.add(new int[] {d, (d + 1) % 10});
            }
        }
        int n = samples.size();
        byte[] images = new byte[n * Pixels.VALUES];
        random.nextBytes(images);
        return new ColoredSplit("held-out", images, samples.stream().mapToInt(s -> s[0]).toArray(),
                samples.stream().mapToInt(s -> s[1]).toArray(), new byte[n * Pixels.PIXELS]);
    }

    @Test
    void aDrawHoldsEqualCountsOfEveryDigitInAndOutOfItsColour() {
        ColoredSplit split = heldOut();
        int[] draw = LastLayerRetraining.balancedDraw(split, new Random(1));
        int[][] counts = new int[10][2];
        for (int i : draw) {
            counts[split.labels()[i]][split.aligned(i) ? 0 : 1]++;
        }
        // the smallest group: digit 0's two off-colour digits
        for (int[] digit : counts) {
            assertThat(digit).containsExactly(2, 2);
        }
        assertThat(Arrays.stream(draw).distinct().count()).isEqualTo(draw.length);
        assertThat(LastLayerRetraining.balancedDraw(split, new Random(2))).isNotEqualTo(draw);
    }

    /**
     * The head is refitted from scratch on the held-out digits alone: whatever head the network had
     * before, the same held-out set and seed give the same head, and nothing else changes.
     */
    @Test
    void theRefitReplacesOnlyTheHeadAndDependsOnlyOnTheHeldOutDigits() {
        ColoredSplit split = heldOut();
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(1);
            TappedNetwork a = ModelStore.initialised(Architecture.MLP, manager);
            TappedNetwork b = ModelStore.initialised(Architecture.MLP, manager);
            for (String stage : List.of("fc1", "fc2", "fc3")) {
                for (String p : List.of("weight", "bias")) {
                    b.stage(stage).getParameters().get(p).getArray().set(
                            a.stage(stage).getParameters().get(p).getArray().toFloatArray());
                }
            }
            float[] hidden = a.stage("fc2").getParameters().get("weight").getArray().toFloatArray();
            float[] headBefore = a.stage("fc4").getParameters().get("weight").getArray().toFloatArray();
            assertThat(b.stage("fc4").getParameters().get("weight").getArray().toFloatArray()).isNotEqualTo(headBefore);

            LastLayerRetraining.Refit refit = LastLayerRetraining.refit(a, split, 3, manager);
            LastLayerRetraining.refit(b, split, 3, manager);

            assertThat(refit.perGroup()).isEqualTo(2);
            assertThat(refit.heldOut()).isEqualTo(split.size());
            assertThat(a.stage("fc2").getParameters().get("weight").getArray().toFloatArray()).containsExactly(hidden);
            float[] head = a.stage("fc4").getParameters().get("weight").getArray().toFloatArray();
            assertThat(head).isNotEqualTo(headBefore);
            assertThat(b.stage("fc4").getParameters().get("weight").getArray().toFloatArray()).containsExactly(head);
        }
    }

    @Test
    void aHeldOutSetWithoutSomeGroupIsRefusedInOneLine() {
        ColoredSplit split = heldOut();
        int[] alignedOnly = java.util.stream.IntStream.range(0, split.size()).filter(split::aligned).toArray();
        assertThatThrownBy(() -> LastLayerRetraining.balancedDraw(split.subset("aligned", alignedOnly), new Random(1)))
                .isInstanceOf(LabException.class).hasMessageContaining("--val-fraction");
    }
}
