package lazyartist.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import lazyartist.LabException;
import org.junit.jupiter.api.Test;

class DebiasingTest {

    private static final Debiasing.Options OPTIONS = Debiasing.Options.DEFAULTS.withEpochs(3, 7);

    @Test
    void learningFromFailureAndDisEntTrainTheirOwnEpochsTheOthersTheCommonOnes() {
        assertThat(Debiasing.trainConfig(Debiasing.Method.LFF, OPTIONS, 42).epochs()).isEqualTo(7);
        assertThat(Debiasing.trainConfig(Debiasing.Method.DISENT, OPTIONS, 42).epochs()).isEqualTo(7);
        for (Debiasing.Method m : Debiasing.Method.values()) {
            if (m != Debiasing.Method.LFF && m != Debiasing.Method.DISENT) {
                assertThat(Debiasing.trainConfig(m, OPTIONS, 42).epochs()).as(m.key).isEqualTo(3);
            }
        }
        assertThat(Debiasing.trainConfig(Debiasing.Method.BATCHNORM, OPTIONS, 43).seed()).isEqualTo(43);
    }

    @Test
    void disEntTrainsTheTwinOfTheChosenArchitecture() {
        assertThat(Debiasing.architecture(Debiasing.Method.DISENT, OPTIONS)).isEqualTo("disent-robust");
        assertThat(Debiasing.architecture(Debiasing.Method.DISENT, OPTIONS.withArchitecture("authors-mlp")))
                .isEqualTo("disent-authors-mlp");
        assertThatThrownBy(() -> Debiasing.architecture(Debiasing.Method.DISENT, OPTIONS.withArchitecture("coarse")))
                .isInstanceOf(LabException.class).hasMessageContaining("--arch");
    }

    @Test
    void epochsBelowOneAreRefused() {
        assertThatThrownBy(() -> OPTIONS.withEpochs(3, 0)).isInstanceOf(LabException.class)
                .hasMessageContaining("lffEpochs");
    }
}
