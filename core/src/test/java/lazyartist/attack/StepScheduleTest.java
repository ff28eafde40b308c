package lazyartist.attack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** APGD's step schedule driven by scripted loss sequences, no network. */
class StepScheduleTest {

    @Test
    void theStepHalvesAtACheckpointForTheImageWhoseLossStalledOnly() {
        // 100 steps: the first checkpoint after 22. Image 0's loss rises every step, image 1's stays flat.
        StepSchedule s = new StepSchedule(100, new float[] {0.1f, 0.1f}, new float[] {0, 0});
        float[] best = new float[2];
        for (int t = 1; t < 22; t++) {
            best[0] = t;
            assertThat(s.record(new float[] {t, 0}, best)).as("no checkpoint before step 22").isNull();
        }
        best[0] = 22;
        boolean[] halved = s.record(new float[] {22, 0}, best);
        assertThat(halved).containsExactly(false, true);
        assertThat(s.steps()).containsExactly(0.1f, 0.05f);
    }

    @Test
    void aRisingLossThatStopsImprovingIsHalvedAtTheNextCheckpoint() {
        StepSchedule s = new StepSchedule(100, new float[] {0.2f}, new float[] {0});
        float[] best = {0};
        int t = 0;
        boolean[] halved = null;
        while (halved == null) {
            t++;
            best[0] = t;
            halved = s.record(new float[] {t}, best);
        }
        assertThat(halved).containsExactly(false);
        // Now the loss alternates without beating its best: it rises in half the steps (≤ ρ) and stalls.
        halved = null;
        int k = 0;
        while (halved == null) {
            halved = s.record(new float[] {k++ % 2 == 0 ? 1 : 2}, best);
        }
        assertThat(halved).containsExactly(true);
        assertThat(s.steps()[0]).isEqualTo(0.1f);
    }
}
