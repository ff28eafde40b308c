package lazyartist.model;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/** Autograd operations DJL's API does not expose: double backprop and zeroing gradients. */
public final class Gradients {

    private Gradients() {}

    /**
     * d(scalar)/d(input) as a differentiable array (create_graph = true), so that a loss built
     * from it can be backpropagated to the parameters. It also accumulates into the parameters'
     * gradients: call {@link #zero} before the real backward pass.
     */
    public static NDArray withGraph(NDArray scalar, NDArray input) {
        NDArray ones = scalar.onesLike();
        JniUtils.backward((PtNDArray) scalar, (PtNDArray) ones, true, true);
        return input.getGradient();
    }

    /** Sets the gradient of every parameter of a block to zero. */
    public static void zero(Block block) {
        zero(block.getParameters().values());
    }

    /** Sets the gradient of every parameter to zero: the engine adds each backward pass to the last. */
    public static void zero(Iterable<Parameter> parameters) {
        for (Parameter p : parameters) {
            NDArray array = p.getArray();
            if (array.hasGradient()) {
                JniUtils.zeroGrad((PtNDArray) array);
            }
        }
    }
}
