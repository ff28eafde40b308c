package lazyartist.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

class GradientsTest {

    @Test
    void aScalarKeptByTheGraphSurvivesTheGarbageCollector() {
        // With DJL's number overload, x.mul(value), every element of this gradient came out wrong (e.g. −8e33).
        float[] gradient = gradientAfterACollection((x, value) -> x.mul(Gradients.scalar(x, value)));
        for (float g : gradient) {
            assertThat(g).isCloseTo(3f, within(1e-4f));
        }
    }

    /**
     * The gradient of Σ op(x, 3) with respect to x, when the garbage collector runs between the
     * forward and the backward pass and the freed native memory is reused.
     */
    private static float[] gradientAfterACollection(BiFunction<NDArray, Float, NDArray> op) {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.ones(new Shape(1000));
            x.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                List<NDArray> graphs = new ArrayList<>();
                for (int i = 0; i < 200; i++) {
                    graphs.add(op.apply(x, 3f).sum());
                }
                NDArray loss = graphs.get(0);
                for (int i = 1; i < graphs.size(); i++) {
                    loss = loss.add(graphs.get(i));
                }
                reuseFreedNativeMemory();
                collector.backward(loss.div(manager.full(new Shape(), graphs.size())));
            }
            return x.getGradient().toFloatArray();
        }
    }

    /** Collects garbage (freeing unreachable direct buffers) and fills fresh small buffers with 7s. */
    private static void reuseFreedNativeMemory() {
        List<ByteBuffer> fillers = new ArrayList<>();
        for (int round = 0; round < 5; round++) {
            System.gc();
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            for (int i = 0; i < 2000; i++) {
                ByteBuffer b = ByteBuffer.allocateDirect(4).order(ByteOrder.nativeOrder());
                b.putFloat(0, 7f);
                fillers.add(b);
            }
        }
    }
}
