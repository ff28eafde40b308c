package lazyartist.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import java.util.List;
import org.junit.jupiter.api.Test;

class OptimiserTest {

    private static final float[] START = {0.5f, -1.5f, 2f};
    /** The loss is Σ c·w, so every step's gradient is c. */
    private static final float[] SLOPE = {0.3f, -2f, 1e-3f};

    @Test
    void adamFollowsPyTorchsRuleWithL2DecayStepByStep() {
        double lr = 0.1;
        double decay = 0.01;
        float[] w = run(Optimiser.Kind.ADAM, lr, decay, 0, 3);
        double[] expected = new double[START.length];
        for (int i = 0; i < START.length; i++) {
            double x = START[i];
            double m = 0;
            double v = 0;
            for (int t = 1; t <= 3; t++) {
                double g = SLOPE[i] + decay * x;
                m = 0.9 * m + 0.1 * g;
                v = 0.999 * v + 0.001 * g * g;
                double denominator = Math.sqrt(v) / Math.sqrt(1 - Math.pow(0.999, t)) + 1e-8;
                x -= lr / (1 - Math.pow(0.9, t)) * m / denominator;
            }
            expected[i] = x;
        }
        for (int i = 0; i < START.length; i++) {
            assertThat((double) w[i]).as("weight %d", i).isCloseTo(expected[i], within(1e-5));
        }
        // Adam's first steps move every weight by about lr, whatever the size of its gradient.
        assertThat((double) START[2] - w[2]).isGreaterThan(0.25);
    }

    @Test
    void sgdWithMomentumAccumulatesTheGradient() {
        float[] w = run(Optimiser.Kind.SGD, 0.1, 0, 0.9, 2);
        for (int i = 0; i < START.length; i++) {
            // Buffers: c, then 0.9c + c; the weight falls by lr times their sum.
            assertThat((double) w[i]).isCloseTo(START[i] - 0.1 * (SLOPE[i] + 1.9 * SLOPE[i]), within(1e-6));
        }
    }

    private static float[] run(Optimiser.Kind kind, double lr, double decay, double momentum, int steps) {
        try (NDManager manager = NDManager.newBaseManager()) {
            Parameter p = parameter("w", manager);
            Optimiser optimiser = new Optimiser(kind, lr, decay, momentum, List.of(p), manager);
            for (int t = 0; t < steps; t++) {
                Gradients.zero(List.of(p));
                backward(p, manager);
                optimiser.step();
            }
            return p.getArray().toFloatArray();
        }
    }

    private static Parameter parameter(String name, NDManager manager) {
        Parameter p = Parameter.builder().setName(name).setType(Parameter.Type.WEIGHT).build();
        NDArray array = manager.create(START);
        array.setRequiresGradient(true);
        p.setArray(array);
        return p;
    }

    private static void backward(Parameter p, NDManager manager) {
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            collector.backward(p.getArray().mul(manager.create(SLOPE)).sum());
        }
    }
}
