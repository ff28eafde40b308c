package lazyartist.explain;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import lazyartist.model.TappedNetwork;

/** The gradient of each image's class logit with respect to its pixels, as N×3×28×28 floats. */
public final class InputGradients {

    private InputGradients() {}

    public static float[] of(TappedNetwork net, NDArray images, int[] classes) {
        return of(net, images, p -> classes).maps();
    }

    /**
     * The gradients (as {@link AttributionMethod.Chosen#maps}) for classes chosen from the probabilities
     * of the pass they differentiate.
     */
    public static AttributionMethod.Chosen of(TappedNetwork net, NDArray images,
            java.util.function.Function<float[], int[]> choose) {
        try (NDManager scope = images.getManager().newSubManager()) {
            NDArray x = images.duplicate();
            x.attach(scope);
            x.setRequiresGradient(true);
            float[] probabilities;
            int[] classes;
            try (TappedNetwork.Frozen frozen = net.frozen();
                    GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray logits = net.logits(new ParameterStore(scope, false), x, false);
                probabilities = logits.stopGradient().softmax(1).toFloatArray();
                classes = choose.apply(probabilities);
                collector.backward(Scores.of(logits, classes, scope));
            }
            return new AttributionMethod.Chosen(x.getGradient().toFloatArray(), classes, probabilities);
        }
    }
}
