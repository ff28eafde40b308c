package lazyartist.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import org.junit.jupiter.api.Test;

class EngineCheckTest {

    /** The 9×9 convolution's float32 input gradient agrees with float64 as closely as float32 allows. */
    @Test
    void convolutionInputGradientsAgreeWithDoublePrecision() {
        assertThat(EngineCheck.inputGradientError()).isLessThan(1e-5);
        assertThatCode(EngineCheck::convolutionGradients).doesNotThrowAnyException();
    }
}
