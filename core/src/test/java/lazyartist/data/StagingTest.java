package lazyartist.data;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class StagingTest {

    @Test
    void eachArrayKeepsItsOwnValuesWhenTheBufferIsReused() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray first = Staging.floats(manager, new float[] {1, 2, 3, 4, 5, 6}, new Shape(2, 3));
            NDArray second = Staging.floats(manager, new float[] {7, 8}, new Shape(2));
            assertThat(first.getShape()).isEqualTo(new Shape(2, 3));
            assertThat(first.toFloatArray()).containsExactly(1, 2, 3, 4, 5, 6);
            assertThat(second.toFloatArray()).containsExactly(7, 8);
        }
    }
}
