package lazyartist.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import lazyartist.data.ColoredSplit;
import lazyartist.data.Pixels;
import lazyartist.model.Predictions;
import org.junit.jupiter.api.Test;

class SplitMetricsTest {

    /** Five samples: (label, colour, predicted, confidence). */
    private static final int[][] CASES = {
        {3, 3, 3, 90},  // aligned, right
        {3, 7, 7, 99},  // conflicting, predicted the colour's digit: a colour mistake
        {5, 1, 5, 80},  // conflicting, right
        {2, 2, 4, 60},  // aligned, wrong
        {8, 6, 6, 70},  // conflicting, another colour mistake, less confident
    };

    private static ColoredSplit split() {
        int n = CASES.length;
        int[] labels = new int[n];
        int[] colours = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = CASES[i][0];
            colours[i] = CASES[i][1];
        }
        return new ColoredSplit("hard", new byte[n * Pixels.VALUES], labels, colours, new byte[n * Pixels.PIXELS]);
    }

    private static Predictions predictions() {
        int n = CASES.length;
        int[] predicted = new int[n];
        float[] confidence = new float[n];
        float[] probabilities = new float[n * 10];
        for (int i = 0; i < n; i++) {
            predicted[i] = CASES[i][2];
            confidence[i] = CASES[i][3] / 100f;
            probabilities[i * 10 + predicted[i]] = confidence[i];
        }
        return new Predictions(probabilities, predicted, confidence);
    }

    @Test
    void countsEveryNumberByHand() {
        SplitMetrics m = SplitMetrics.of(split(), predictions());
        assertThat(m.count()).isEqualTo(5);
        assertThat(m.accuracy()).isEqualTo(2 / 5.0);
        assertThat(m.alignedCount()).isEqualTo(2);
        assertThat(m.alignedAccuracy()).isEqualTo(0.5);
        assertThat(m.conflictingCount()).isEqualTo(3);
        assertThat(m.conflictingAccuracy()).isEqualTo(1 / 3.0);
        // Predictions equal to the worn colour's digit: samples 0, 1 and 4.
        assertThat(m.colourAgreement()).isEqualTo(3 / 5.0);
        assertThat(m.confusion()[2][4]).isEqualTo(1);
        assertThat(m.confusion()[3][7]).isEqualTo(1);
        assertThat(m.colourVsPrediction()[7][7]).isEqualTo(1);
        assertThat(m.colourVsPrediction()[1][5]).isEqualTo(1);
        assertThat(java.util.Arrays.stream(m.confusion()).flatMapToInt(java.util.Arrays::stream).sum()).isEqualTo(5);
    }

    @Test
    void proofListsColourMistakesMostConfidentFirst() {
        assertThat(Evaluation.colourMistakes(split(), predictions(), 10)).isEqualTo(List.of(1, 4));
        assertThat(Evaluation.colourMistakes(split(), predictions(), 1)).isEqualTo(List.of(1));
    }

    @Test
    void splitWithoutAlignedSamplesHasNoAlignedAccuracy() {
        ColoredSplit all = split();
        ColoredSplit conflicting = all.subset("hard", new int[] {1, 2, 4});
        Predictions p = new Predictions(new float[30], new int[] {7, 5, 6}, new float[] {1, 1, 1});
        SplitMetrics m = SplitMetrics.of(conflicting, p);
        assertThat(m.alignedAccuracy()).isNaN();
        assertThat(m.conflictingAccuracy()).isEqualTo(1 / 3.0);
    }
}
