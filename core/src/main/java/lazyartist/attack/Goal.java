package lazyartist.attack;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import lazyartist.model.Gradients;
import lazyartist.model.Predictions;

/**
 * What an attack moves and aims for: N images (N×3×28×28 in [0, 1]), each within its own budget
 * {@code epsilon} (float32 N), toward its {@code targets} class (targeted) or away from its
 * {@code labels} class (untargeted, {@code targets} null). {@code ids} name the images (their indices
 * in the split) so that an image's random draws do not depend on the rest of its batch.
 */
public record Goal(NDArray images, NDArray labels, NDArray targets, NDArray epsilon, long[] ids) {

    public boolean targeted() {
        return targets != null;
    }

    /** The class each image is pushed toward (targeted) or away from (untargeted). */
    NDArray aim() {
        return targeted() ? targets : labels;
    }

    /** The budgets as N×1×1×1, to broadcast over images. */
    NDArray radius() {
        return epsilon.reshape(-1, 1, 1, 1);
    }

    /**
     * Whether each image meets the goal at these logits: the target predicted with at least
     * {@code confidence}, or (untargeted) any class but the label predicted.
     */
    boolean[] met(NDArray logits, double confidence) {
        Predictions p = Predictions.fromLogits(logits);
        long[] aim = aim().toLongArray();
        boolean[] out = new boolean[aim.length];
        for (int i = 0; i < aim.length; i++) {
            out[i] = targeted() ? p.predicted()[i] == aim[i]
                    && p.probabilities()[i * Predictions.CLASSES + (int) aim[i]] >= confidence
                    : p.predicted()[i] != aim[i];
        }
        return out;
    }

    /**
     * How close each image is to its goal, higher is closer: p(target), or (untargeted) 1 − p(label)
     * when still right and above 1 once wrong, so a misclassified point beats every other.
     */
    float[] progress(NDArray logits) {
        Predictions p = Predictions.fromLogits(logits);
        long[] aim = aim().toLongArray();
        float[] out = new float[aim.length];
        for (int i = 0; i < aim.length; i++) {
            float probability = p.probabilities()[i * Predictions.CLASSES + (int) aim[i]];
            out[i] = targeted() ? probability : p.predicted()[i] != aim[i] ? 2 - probability : 1 - probability;
        }
        return out;
    }

    /**
     * Whether every image's progress meets the goal with room to spare, so that rounding the image to
     * uint8 cannot undo it: p(target) within a tenth of the confidence's shortfall from 1 (0.99 for
     * 0.9), or (untargeted) misclassified with p(label) at most 0.01.
     */
    boolean allSafelyMet(float[] progress, double confidence) {
        double needed = targeted() ? 1 - (1 - confidence) / 10 : 1.99;
        for (float p : progress) {
            if (p < needed) {
                return false;
            }
        }
        return true;
    }

    /** The logits with each image's {@code classes} pushed far below every other class. */
    static NDArray without(NDArray logits, NDArray classes) {
        return logits.sub(classes.oneHot(10, DataType.FLOAT32).mul(Gradients.scalar(logits, 1e9)));
    }

    /** Each row's logit of its class in {@code classes}, as an N-vector. */
    static NDArray logitOf(NDArray logits, NDArray classes) {
        return logits.gather(classes.reshape(-1, 1), 1).reshape(-1);
    }
}
