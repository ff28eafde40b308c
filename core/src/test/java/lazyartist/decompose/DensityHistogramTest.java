package lazyartist.decompose;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DensityHistogramTest {

    private static Feature withDensity(double density) {
        return new Feature(0, density == 0 ? Feature.DEAD : "mixed", density, 1, new int[0], 0, 0, 0, 0, new float[10]);
    }

    @Test
    void featuresFallInTheirDecadeAndTheDeadApart() {
        DensityHistogram h = DensityHistogram.of(List.of(withDensity(0), withDensity(0), withDensity(1e-7),
                withDensity(2e-5), withDensity(1e-3), withDensity(0.5), withDensity(1.0)));
        assertThat(h.dead()).isEqualTo(2);
        // Decades 1e-6…1e-5 (with what is rarer), …, 1e-1…1 (with 1 itself).
        assertThat(h.counts()).containsExactly(1, 1, 0, 1, 0, 2);
        assertThat(h.edges()).containsExactly(-6, -5, -4, -3, -2, -1, 0);
    }
}
