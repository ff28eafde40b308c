package lazyartist.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.function.Function;

/**
 * The gradient of a scalar computed from a network's logits with respect to the input images,
 * with the network in inference mode; images of a batch are independent, so summing per-image
 * scalars gives every image's own gradient in one backward pass.
 *
 * @param logits the logits at the images (detached)
 * @param gradient d(scalar)/d(images), the images' shape
 */
public record InputGradient(NDArray logits, NDArray gradient) {

    /** Runs the network on a copy of {@code images} and differentiates {@code scalar} of the logits. */
    public static InputGradient of(TappedNetwork net, NDArray images, Function<NDArray, NDArray> scalar) {
        NDArray x = images.duplicate();
        x.setRequiresGradient(true);
        NDArray logits;
        try (TappedNetwork.Frozen frozen = net.frozen();
                GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            logits = net.logits(new ParameterStore(images.getManager(), false), x, false);
            collector.backward(scalar.apply(logits));
        }
        return new InputGradient(logits.stopGradient(), x.getGradient());
    }
}
