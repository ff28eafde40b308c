package lazyartist.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class GroupDroTest {

    /**
     * Two groups present, one losing 1 per step and one 0: after n steps their weights stand at
     * exp(η n) to 1, the worst group gaining, and the weights still sum to 1.
     */
    @Test
    void theGroupWeightsMoveTowardTheWorstGroup() {
        GroupDro dro = new GroupDro(0.05);
        float[] losses = new float[GroupDro.GROUPS];
        losses[3] = 1f;
        for (int step = 0; step < 40; step++) {
            dro.update(losses);
        }
        double[] q = dro.weights();
        assertThat(q[3] / q[4]).isCloseTo(Math.exp(0.05 * 40), within(1e-9));
        assertThat(q[3]).isGreaterThan(1.0 / GroupDro.GROUPS);
        assertThat(q[4]).isLessThan(1.0 / GroupDro.GROUPS);
        assertThat(java.util.Arrays.stream(q).sum()).isCloseTo(1, within(1e-12));
    }
}
