package lazyartist.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class MapsTest {

    /** PyTorch's interpolate(mode="bilinear", align_corners=False) of [[0, 1], [2, 3]] to 4×4, worked by hand. */
    @Test
    void upsamplingMatchesPyTorchsBilinearWithPixelCentresAligned() {
        float[] twoMaps = {0, 1, 2, 3, 10, 10, 10, 10};
        float[] out = Maps.upsample(twoMaps, 2, 2, 2, 4, 4);
        float[] expected = {
            0, 0.25f, 0.75f, 1,
            0.5f, 0.75f, 1.25f, 1.5f,
            1.5f, 1.75f, 2.25f, 2.5f,
            2, 2.25f, 2.75f, 3};
        for (int k = 0; k < 16; k++) {
            assertThat(out[k]).as("pixel %d", k).isCloseTo(expected[k], within(1e-6f));
            assertThat(out[16 + k]).as("second map, pixel %d", k).isCloseTo(10f, within(1e-6f));
        }
    }
}
