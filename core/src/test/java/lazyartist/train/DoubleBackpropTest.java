package lazyartist.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.List;
import lazyartist.model.Gradients;
import lazyartist.model.Layer;
import lazyartist.model.TappedNetwork;
import org.junit.jupiter.api.Test;

/** The path every input-gradient penalty takes: d/dθ of a function of ∂loss/∂x. */
class DoubleBackpropTest {

    /** penalty(θ) = Σ (∂CE/∂x)², computed with a graph so that it can be differentiated again. */
    private static double penalty(TappedNetwork net, ParameterStore ps, NDArray x, NDArray y, boolean backward) {
        x.setRequiresGradient(true);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray ce = CrossEntropy.loss(net.logits(ps, x, true), y);
            NDArray grad = Gradients.withGraph(ce, x);
            NDArray penalty = grad.square().sum();
            if (backward) {
                Gradients.zero(net);
                collector.backward(penalty);
            }
            return penalty.getDouble();
        }
    }

    @Test
    void penaltyGradientReachesTheParametersAndMatchesFiniteDifferences() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(5);
            // Smooth activations are needed for a second derivative to exist: no ReLU in this tiny model.
            TappedNetwork net = new TappedNetwork(List.of(Layer.conv("conv1", 3, 2, 5, 2, 0),
                    Layer.flatten("flatten"), Layer.linear("fc", 2 * 12 * 12, 10)));
            net.initialize(manager, ai.djl.ndarray.types.DataType.FLOAT64, new Shape(1, 3, 28, 28));
            ParameterStore ps = new ParameterStore(manager, false);
            NDArray x = manager.randomUniform(0, 1, new Shape(3, 3, 28, 28)).toType(ai.djl.ndarray.types.DataType.FLOAT64, false);
            NDArray y = manager.create(new long[] {1, 4, 7});

            penalty(net, ps, x.duplicate(), y, true);
            Parameter conv = net.getParameters().get(0).getValue();
            NDArray w = conv.getArray();
            double analytic = w.getGradient().toDoubleArray()[0];
            assertThat(Math.abs(analytic)).isGreaterThan(1e-9);

            double h = 1e-5;
            double[] base = w.toDoubleArray();
            double[] plus = base.clone();
            plus[0] += h;
            double[] minus = base.clone();
            minus[0] -= h;
            w.set(plus);
            double fPlus = penalty(net, ps, x.duplicate(), y, false);
            w.set(minus);
            double fMinus = penalty(net, ps, x.duplicate(), y, false);
            w.set(base);
            double numeric = (fPlus - fMinus) / (2 * h);
            assertThat(analytic).isCloseTo(numeric, org.assertj.core.data.Percentage.withPercentage(1));
        }
    }
}
