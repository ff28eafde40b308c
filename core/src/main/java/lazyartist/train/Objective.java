package lazyartist.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.util.Map;
import lazyartist.model.TappedNetwork;

/**
 * What training minimises: maps (network, batch) to a loss. Plain cross-entropy is one objective;
 * every debiasing method is another. An objective may differentiate through input gradients
 * (double backprop, see {@link lazyartist.model.Gradients#withGraph}).
 */
public interface Objective {

    /**
     * The batch an objective sees: images, digits, colours and the samples' indices in the training
     * split, and how far training has come (0 at the start, 1 at the end).
     */
    record Batch(TappedNetwork net, ParameterStore ps, NDArray images, NDArray labels, NDArray colours,
            NDArray indices, double progress) {

        /** Logits in training mode. */
        public NDArray logits(NDArray x) {
            return net.logits(ps, x, true);
        }

        /**
         * Logits in inference mode, for images that are not training data (the penalties' recoloured
         * points): batch-norm neither uses nor updates batch statistics on them, dropout is off.
         */
        public NDArray inferenceLogits(NDArray x) {
            return net.logits(ps, x, false);
        }
    }

    /** A step's loss to backpropagate, the logits it used, and named loss terms for logging. */
    record Step(NDArray loss, NDArray logits, Map<String, NDArray> terms) {}

    /** The name recorded in model cards. */
    String name();

    /** The objective's own options, recorded in model cards. */
    Map<String, Object> options();

    /** Whether the loop must mark the input as requiring a gradient before calling {@link #step}. */
    default boolean needsInputGradient() {
        return false;
    }

    /** Called once before the first batch, with the run's manager and options. */
    default void start(TrainConfig config, NDManager manager) {}

    /** The loss of one batch. */
    Step step(Batch batch);

    /** Called after the optimiser has applied a batch's gradients, scaled by the schedule's factor. */
    default void afterUpdate(double rateFactor) {}

    /** Whether all of the objective's state is in the training checkpoint, so that a resumed run is exact. */
    default boolean resumable() {
        return true;
    }
}
