package lazyartist.explain;

import ai.djl.ndarray.NDArray;
import lazyartist.model.TappedNetwork;

/** An attribution method: one 28×28 map per image saying how much each pixel counts for a class. */
public interface AttributionMethod {

    /** The name used on the command line and in {@code explain.json}. */
    String name();

    /**
     * Maps (row-major N×28×28) for a batch of images (N×3×28×28 in [0, 1]), one class per image.
     * The network runs in inference mode; only one batch needs one backward pass.
     */
    float[] attribute(TappedNetwork net, NDArray images, int[] classes);
}
