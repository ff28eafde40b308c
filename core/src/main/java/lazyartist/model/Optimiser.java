package lazyartist.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;
import ai.djl.pytorch.jni.IValueUtils;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import lazyartist.OptionException;

/**
 * Adam or SGD with momentum, with PyTorch's update rules (L2 weight decay added to the gradient),
 * kept here so that their state can be checkpointed and a resumed run continues exactly. One update
 * is one call of a TorchScript function ({@code optimiser_step.py} beside it) running torch.optim's
 * multi-tensor implementation. Every parameter must have a gradient.
 */
public final class Optimiser {

    /** The two optimisers the lab offers. */
    public enum Kind { ADAM, SGD }

    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
    private static final double EPSILON = 1e-8;

    private final Kind kind;
    private final double learningRate;
    private final double weightDecay;
    private final double momentum;
    private final List<Parameter> parameters;
    /** Adam: first and second moments; SGD: momentum. {@code buffers[b][i]} belongs to parameter i. */
    private final PtNDArray[][] buffers;
    private long steps;

    public Optimiser(Kind kind, double learningRate, double weightDecay, double momentum, List<Parameter> parameters,
            NDManager manager) {
        this.kind = kind;
        this.learningRate = learningRate;
        this.weightDecay = weightDecay;
        this.momentum = momentum;
        this.parameters = parameters;
        buffers = new PtNDArray[kind == Kind.ADAM ? 2 : 1][parameters.size()];
        for (int i = 0; i < parameters.size(); i++) {
            for (PtNDArray[] buffer : buffers) {
                buffer[i] = (PtNDArray) manager.zeros(parameters.get(i).getArray().getShape());
            }
        }
    }

    /** Applies one update from the parameters' current gradients. */
    public void step() {
        step(1);
    }

    /** Applies one update with the learning rate scaled by {@code rateFactor}. */
    public void step(double rateFactor) {
        steps++;
        double learningRate = this.learningRate * rateFactor;
        List<IValue> arguments = new ArrayList<>();
        try {
            arguments.add(IValue.listFrom(parameters.stream().map(p -> (PtNDArray) p.getArray())
                    .toArray(PtNDArray[]::new)));
            for (PtNDArray[] buffer : buffers) {
                arguments.add(IValue.listFrom(buffer));
            }
            if (kind == Kind.ADAM) {
                // StrictMath: the same bias correction whether or not the JIT has compiled this line.
                arguments.add(IValue.from(learningRate / (1 - StrictMath.pow(BETA1, steps))));
                arguments.add(IValue.from(Math.sqrt(1 - StrictMath.pow(BETA2, steps))));
                arguments.add(IValue.from(BETA1));
                arguments.add(IValue.from(BETA2));
                arguments.add(IValue.from(EPSILON));
            } else {
                arguments.add(IValue.from(learningRate));
                arguments.add(IValue.from(momentum));
            }
            arguments.add(IValue.from(weightDecay));
            IValue[] values = arguments.toArray(IValue[]::new);
            (kind == Kind.ADAM ? IValueUtils.forward(Step.MODULE, values)
                    : IValueUtils.runMethod(Step.MODULE, "sgd", values)).close();
        } finally {
            arguments.forEach(IValue::close);
        }
    }

    /** The scripted update, loaded once per process; it holds no parameters and no state. */
    private static final class Step {
        static final PtSymbolBlock MODULE = TorchScript.load("optimiser_step.pt");
    }

    public long steps() {
        return steps;
    }

    /** The buffers in checkpoint order: parameter by parameter. */
    private List<NDArray> state() {
        List<NDArray> state = new ArrayList<>();
        for (int i = 0; i < parameters.size(); i++) {
            for (PtNDArray[] buffer : buffers) {
                state.add(buffer[i]);
            }
        }
        return state;
    }

    /** The optimiser's state as bytes: the step count and every buffer. */
    public byte[] save() {
        List<NDArray> state = state();
        NDManager manager = state.isEmpty() ? null : state.get(0).getManager();
        NDList list = new NDList(state);
        if (manager != null) {
            list.add(manager.create(new long[] {steps}));
        }
        byte[] bytes = list.encode();
        if (manager != null) {
            list.get(list.size() - 1).close();
        }
        return bytes;
    }

    /** Restores a state written by {@link #save}. */
    public void load(byte[] bytes, NDManager manager) {
        List<NDArray> state = state();
        NDList list = NDList.decode(manager, bytes);
        if (list.size() != state.size() + 1 || IntStream.range(0, state.size())
                .anyMatch(i -> !state.get(i).getShape().equals(list.get(i).getShape()))) {
            throw new OptionException("the optimiser checkpoint does not match this model; start again without {resume}");
        }
        for (int i = 0; i < state.size(); i++) {
            Gradients.assign(state.get(i), list.get(i));
        }
        steps = list.get(state.size()).toLongArray()[0];
        list.close();
    }
}
