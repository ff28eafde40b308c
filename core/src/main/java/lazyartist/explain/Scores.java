package lazyartist.explain;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/** The scalar that attribution methods differentiate: the sum over the batch of each image's class logit. */
final class Scores {

    private Scores() {}

    /** Σ_i logits[i, classes[i]]; images are independent, so one backward pass gives every image's gradient. */
    static NDArray of(NDArray logits, int[] classes, NDManager manager) {
        long[] index = new long[classes.length];
        for (int i = 0; i < classes.length; i++) {
            index[i] = classes[i];
        }
        return logits.gather(manager.create(index).reshape(-1, 1), 1).sum();
    }
}
