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

    @Test
    void anImageBatchReadsBackInItsOwnOrderAfterTheBufferIsReused() {
        try (NDManager manager = NDManager.newBaseManager()) {
            float[] values = new float[2 * Pixels.VALUES];
            for (int k = 0; k < values.length; k++) {
                values[k] = k;
            }
            NDArray images = Staging.floats(manager, values, Pixels.batch(2));
            Staging.floats(manager, new float[Pixels.VALUES], Pixels.batch(1));
            assertThat(images.getShape()).isEqualTo(Pixels.batch(2));
            assertThat(images.toFloatArray()).containsExactly(values);
            // Image 1, channel 2, row 5, column 7: an element read by index, not through a copy in order.
            assertThat(images.getFloat(1, 2, 5, 7)).isEqualTo(Pixels.VALUES + 2 * Pixels.PIXELS + 5 * Pixels.SIDE + 7);
        }
    }
}
