package lazyartist.data;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.Batch;
import java.util.ArrayList;
import java.util.List;
import lazyartist.TestData;
import org.junit.jupiter.api.Test;

class SplitDatasetTest {

    @Test
    void servesEverySampleOncePerEpochAsUnitNchw() {
        ColoredSplit hard = TestData.dataset(Mode.FOREGROUND).hard();
        SplitDataset dataset = new SplitDataset(hard, 64, true, 11);
        try (NDManager manager = NDManager.newBaseManager()) {
            List<Long> seen = new ArrayList<>();
            int batches = 0;
            for (Batch batch : dataset.getData(manager)) {
                try (batch) {
                    var x = batch.getData().singletonOrThrow();
                    assertThat(x.getShape().getShape()).containsExactly(batch.getSize(), 3, 28, 28);
                    assertThat(x.min().getFloat()).isGreaterThanOrEqualTo(0f);
                    assertThat(x.max().getFloat()).isLessThanOrEqualTo(1f);
                    for (long l : batch.getLabels().get(0).toLongArray()) {
                        seen.add(l);
                    }
                    batches++;
                }
            }
            assertThat(batches).isEqualTo(8);
            assertThat(seen).hasSize(500);
            long[] expectedCounts = new long[10];
            for (int l : hard.labels()) {
                expectedCounts[l]++;
            }
            for (int d = 0; d < 10; d++) {
                int digit = d;
                assertThat(seen.stream().filter(l -> l == digit).count()).isEqualTo(expectedCounts[d]);
            }
        }
    }

    @Test
    void pixelsMapFromHwcBytesToChwUnitFloats() {
        ColoredSplit hard = TestData.dataset(Mode.BACKGROUND).hard();
        try (NDManager manager = NDManager.newBaseManager()) {
            float[] x = SplitDataset.images(manager, hard, new int[] {3}).toFloatArray();
            int pixel = 14 * 28 + 9;
            for (int c = 0; c < 3; c++) {
                int expected = hard.images()[3 * Pixels.VALUES + pixel * 3 + c] & 0xff;
                assertThat(x[c * 784 + pixel]).isEqualTo(expected / 255f);
            }
        }
    }

    @Test
    void shuffleDependsOnSeedAndEpochOnly() {
        ColoredSplit hard = TestData.dataset(Mode.BACKGROUND).hard();
        try (NDManager manager = NDManager.newBaseManager()) {
            long[] a = firstLabels(new SplitDataset(hard, 500, true, 1), manager);
            long[] b = firstLabels(new SplitDataset(hard, 500, true, 1), manager);
            long[] c = firstLabels(new SplitDataset(hard, 500, true, 2), manager);
            SplitDataset resumed = new SplitDataset(hard, 500, true, 1);
            resumed.skipEpochs(1);
            SplitDataset twoEpochs = new SplitDataset(hard, 500, true, 1);
            firstLabels(twoEpochs, manager);
            assertThat(a).isEqualTo(b).isNotEqualTo(c);
            assertThat(firstLabels(resumed, manager)).isEqualTo(firstLabels(twoEpochs, manager));
            long[] plain = firstLabels(new SplitDataset(hard, 500, false, 1), manager);
            assertThat(plain).isEqualTo(java.util.Arrays.stream(hard.labels()).asLongStream().toArray());
        }
    }

    private static long[] firstLabels(SplitDataset dataset, NDManager manager) {
        try (Batch batch = dataset.getData(manager).iterator().next()) {
            return batch.getLabels().get(0).toLongArray();
        }
    }
}
