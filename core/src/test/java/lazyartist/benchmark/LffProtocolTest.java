package lazyartist.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import lazyartist.OptionException;
import lazyartist.TestData;
import lazyartist.data.ColoredDataset;
import lazyartist.data.ColoredSplit;
import lazyartist.data.Pixels;
import org.junit.jupiter.api.Test;

class LffProtocolTest {

    /**
     * The authors' rounding, worked by hand for 100 digits of class 0 at 95% aligned: cumulative
     * shares 0.95, 0.9556, 0.9611, … times 100, rounded, give milestones 95, 96, 96, 97, 97, 98, 98,
     * 99, 99, 100 — so colours 1, 3, 5, 7 and 9 get one digit each and the others none.
     */
    @Test
    void colourLabelsFollowTheAuthorsMilestones() {
        int[] labels = new int[100];
        int[] colours = LffProtocol.colourLabels(labels, 0.95);
        int[] counts = new int[10];
        for (int c : colours) {
            counts[c]++;
        }
        assertThat(counts).containsExactly(95, 1, 0, 1, 0, 1, 0, 1, 0, 1);
        assertThat(colours[94]).isZero();
        assertThat(colours[95]).as("in MNIST's order: the aligned first, then colour by colour").isEqualTo(1);
        assertThat(colours[96]).isEqualTo(3);
    }

    @Test
    void everySplitHasItsAskedShareOfConflictingDigitsPerClassAndTheTestTenPercentAligned() {
        ColoredDataset d = LffProtocol.make(TestData.mnist(), new LffProtocol.Settings(0.02, 4, 0.1, 42));
        assertThat(d.train().size() + d.val().size()).isEqualTo(TestData.mnist().trainLabels().length);
        for (ColoredSplit split : new ColoredSplit[] {d.train(), d.val(), d.hard()}) {
            double aligned = split == d.hard() ? 0.1 : 0.98;
            int[][] counts = split.countsByDigitAndColour();
            for (int digit = 0; digit < 10; digit++) {
                int n = java.util.Arrays.stream(counts[digit]).sum();
                assertThat((double) counts[digit][digit]).as(split.name() + " digit " + digit)
                        .isCloseTo(aligned * n, org.assertj.core.data.Offset.offset(1.0));
            }
        }
        int present = 0;
        for (int[] row : d.hard().countsByDigitAndColour()) {
            present += (int) java.util.Arrays.stream(row).filter(c -> c > 0).count();
        }
        assertThat(present).as("every (digit, colour) group is in the test set").isEqualTo(100);
    }

    /** The jitter's standard deviation per severity, measured on a colour far from the clamps. */
    @Test
    void theJittersStandardDeviationIsTheSeveritys() {
        double[] expected = {0.05, 0.02, 0.01, 0.005};
        for (int severity = 1; severity <= 4; severity++) {
            SplittableRandom rng = new SplittableRandom(severity);
            int n = 20_000;
            double sum = 0;
            double squares = 0;
            for (int i = 0; i < n; i++) {
                double v = LffProtocol.colour(2, expected[severity - 1], rng)[1] - LffProtocol.MEAN_COLOURS[2][1];
                sum += v;
                squares += v * v;
            }
            double std = Math.sqrt(squares / n - (sum / n) * (sum / n));
            assertThat(std).as("severity " + severity).isCloseTo(expected[severity - 1],
                    org.assertj.core.data.Offset.offset(0.03 * expected[severity - 1]));
        }
    }

    /** The digit's strokes times its colour, truncated; the background stays black. */
    @Test
    void aPixelIsItsStrokeTimesOneColourPerImage() {
        ColoredSplit train = LffProtocol.make(TestData.mnist(), new LffProtocol.Settings(0.05, 1, 0.1, 7)).train();
        for (int i = 0; i < 20; i++) {
            int from = i * Pixels.PIXELS;
            int brightest = 0;
            for (int p = 0; p < Pixels.PIXELS; p++) {
                if ((train.strokes()[from + p] & 0xff) > (train.strokes()[from + brightest] & 0xff)) {
                    brightest = p;
                }
            }
            float raw = train.strokes()[i * Pixels.PIXELS + brightest] & 0xff;
            for (int c = 0; c < 3; c++) {
                float colour = (train.images()[i * Pixels.VALUES + brightest * 3 + c] & 0xff) / raw;
                assertThat(colour).isCloseTo(LffProtocol.MEAN_COLOURS[train.colours()[i]][c],
                        org.assertj.core.data.Offset.offset(0.25f));
                for (int p = 0; p < Pixels.PIXELS; p++) {
                    int stroke = train.strokes()[i * Pixels.PIXELS + p] & 0xff;
                    int value = train.images()[i * Pixels.VALUES + p * 3 + c] & 0xff;
                    assertThat(value).isLessThanOrEqualTo(stroke);
                    if (stroke == 0) {
                        assertThat(value).isZero();
                    }
                }
            }
        }
    }

    @Test
    void badSettingsGetOneLineErrors() {
        assertThatThrownBy(() -> new LffProtocol.Settings(0, 4, 0.1, 1)).isInstanceOf(OptionException.class)
                .hasMessageContaining("above 0%");
        assertThatThrownBy(() -> new LffProtocol.Settings(1, 4, 0.1, 1)).isInstanceOf(OptionException.class)
                .hasMessageContaining("below 100%");
        assertThatThrownBy(() -> new LffProtocol.Settings(0.01, 5, 0.1, 1)).isInstanceOf(OptionException.class)
                .hasMessageContaining("severity must be 1, 2, 3 or 4, got 5");
    }
}
