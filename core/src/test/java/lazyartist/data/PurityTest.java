package lazyartist.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Comparator;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PurityTest {

    @Test
    void topSamplesAgreeWithAFullSortTiesByIndex() {
        Random random = new Random(3);
        int n = 500;
        int units = 4;
        float[] values = new float[n * units];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextInt(40); // many ties
        }
        for (int unit = 0; unit < units; unit++) {
            int u = unit;
            int[] sorted = IntStream.range(0, n).boxed()
                    .sorted(Comparator.comparingDouble((Integer i) -> -values[i * units + u]).thenComparing(i -> i))
                    .limit(16).mapToInt(Integer::intValue).toArray();
            assertThat(Purity.topSamples(values, units, unit, 16)).containsExactly(sorted);
        }
        assertThat(Purity.topSamples(new float[] {1, 3, 2}, 1, 0, 5)).containsExactly(1, 2, 0);
    }

    @Test
    void samplesSharingAColourButNotADigitSeeColour() {
        int[] labels = {0, 1, 2, 3, 4, 5, 6, 7};
        int[] colours = {2, 2, 2, 2, 2, 2, 3, 4};
        ColoredSplit split = new ColoredSplit("s", new byte[8 * Pixels.VALUES], labels, colours,
                new byte[8 * Pixels.PIXELS]);
        Purity p = Purity.of(split, new int[] {0, 1, 2, 3, 4, 5, 6, 7});
        assertThat(p.colour()).isEqualTo(0.75);
        assertThat(p.commonColour()).isEqualTo(2);
        assertThat(p.digit()).isEqualTo(0.125);
        assertThat(p.label()).isEqualTo("colour");
        assertThat(Purity.of(split, new int[] {0, 6, 7}).label()).isEqualTo("mixed");
    }
}
