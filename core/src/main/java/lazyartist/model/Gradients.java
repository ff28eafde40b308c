package lazyartist.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Autograd operations DJL's API does not expose: double backprop, zeroing gradients, constants a
 * graph may keep, and overwriting a parameter.
 */
public final class Gradients {

    private static final String INPUT_GRADIENT = "input_gradient.pt";

    private Gradients() {}

    /**
     * d(scalar)/d(input) as a differentiable array (torch.autograd.grad with create_graph), so that a
     * loss built from it can be backpropagated to the parameters. It runs a three-line TorchScript
     * function ({@code input_gradient.py} beside it) because DJL only offers backward(create_graph),
     * which stores the graph in every leaf's gradient: each parameter and the input would then hold a
     * reference to itself through its gradient, a cycle PyTorch never frees (gigabytes a minute).
     */
    public static NDArray withGraph(NDArray scalar, NDArray input) {
        NDArray gradient = IValueUtils.forward(InputGradient.MODULE, new NDList(scalar, input), true).singletonOrThrow();
        gradient.attach(input.getManager());
        return gradient;
    }

    /** The scripted function, loaded once per process; it holds no parameters and no state. */
    private static final class InputGradient {
        static final PtSymbolBlock MODULE = TorchScript.load(INPUT_GRADIENT);
    }

    /**
     * A float32 scalar whose memory the engine owns, for arithmetic on arrays that need a gradient.
     * DJL's number overloads ({@code mul(2f)}, {@code maximum(0f)}, …) make a scalar on a Java direct
     * buffer and close it at once; the graph keeps that scalar for the backward pass, and once the
     * garbage collector has freed the buffer, the backward pass reads whatever lies there.
     */
    public static NDArray scalar(NDArray like, double value) {
        return like.getManager().full(new Shape(), (float) value);
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

    /**
     * Overwrites a parameter's values with a copy of {@code values} (same shape), keeping whether it
     * takes a gradient. DJL's {@code set} writes through a deprecated PyTorch guard that prints a
     * warning to the user's terminal.
     */
    public static void assign(NDArray parameter, NDArray values) {
        boolean attached = parameter.hasGradient();
        ((PtNDArray) parameter).intern(values.duplicate());
        parameter.setRequiresGradient(attached);
    }
}
