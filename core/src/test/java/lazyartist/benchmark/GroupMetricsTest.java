package lazyartist.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GroupMetricsTest {

    /**
     * One digit per (digit, colour) group, plus eight more correct ones in group (0, 0); aligned groups
     * right, conflicting ones wrong except (1, 2). The authors average group accuracies: unbiased
     * (10 + 1) / 100 = 0.11, aligned 1, conflicting 1/90, worst 0 — where the plain accuracy would be
     * 19 / 108.
     */
    @Test
    void unbiasedAccuracyIsTheMeanOfTheGroupAccuracies() {
        List<int[]> rows = new ArrayList<>();
        for (int d = 0; d < 10; d++) {
            for (int c = 0; c < 10; c++) {
                boolean right = d == c || (d == 1 && c == 2);
                rows.add(new int[] {d, c, right ? d : (d + 1) % 10});
            }
        }
        for (int k = 0; k < 8; k++) {
            rows.add(new int[] {0, 0, 0});
        }
        int n = rows.size();
        int[] labels = new int[n];
        int[] colours = new int[n];
        int[] predicted = new int[n];
        float[] confidence = new float[n];
        for (int i = 0; i < n; i++) {
            labels[i] = rows.get(i)[0];
            colours[i] = rows.get(i)[1];
            predicted[i] = rows.get(i)[2];
            confidence[i] = 0.5f;
        }
        GroupMetrics m = GroupMetrics.of(labels, colours, predicted, confidence);
        assertThat(m.unbiased()).isCloseTo(0.11, within(1e-12));
        assertThat(m.aligned()).isCloseTo(1.0, within(1e-12));
        assertThat(m.conflicting()).isCloseTo(1.0 / 90, within(1e-12));
        assertThat(m.worstGroup()).isZero();
        // All in one bin at confidence 0.5 with accuracy 19/108.
        assertThat(m.calibrationError()).isCloseTo(Math.abs(19.0 / 108 - 0.5), within(1e-6));
    }

    /** Two digits at confidence 0.9, one right: |0.5 − 0.9| = 0.4; and two at 0.3 and 0.7, both right. */
    @Test
    void calibrationErrorWeighsEachBinsGap() {
        assertThat(GroupMetrics.calibrationError(new int[] {1, 1}, new int[] {1, 2}, new float[] {0.9f, 0.9f}))
                .isCloseTo(0.4, within(1e-6));
        assertThat(GroupMetrics.calibrationError(new int[] {1, 1}, new int[] {1, 1}, new float[] {0.3f, 0.7f}))
                .isCloseTo(0.5 * 0.7 + 0.5 * 0.3, within(1e-6));
    }
}
