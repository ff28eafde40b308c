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
import lazyartist.LabException;

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
    /** Adam: first and second moments per parameter; SGD: one momentum buffer per parameter. */
    private final List<NDArray> state = new ArrayList<>();
    private long steps;

    public Optimiser(Kind kind, double learningRate, double weightDecay, double momentum, List<Parameter> parameters,
            NDManager manager) {
        this.kind = kind;
        this.learningRate = learningRate;
        this.weightDecay = weightDecay;
        this.momentum = momentum;
        this.parameters = parameters;
        int buffers = kind == Kind.ADAM ? 2 : 1;
        for (Parameter p : parameters) {
            for (int b = 0; b < buffers; b++) {
                state.add(manager.zeros(p.getArray().getShape()));
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
        int buffers = kind == Kind.ADAM ? 2 : 1;
        PtNDArray[] weights = new PtNDArray[parameters.size()];
        PtNDArray[][] buffer = new PtNDArray[buffers][parameters.size()];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = (PtNDArray) parameters.get(i).getArray();
            for (int b = 0; b < buffers; b++) {
                buffer[b][i] = (PtNDArray) state.get(buffers * i + b);
            }
        }
        List<IValue> arguments = new ArrayList<>();
        try {
            arguments.add(IValue.listFrom(weights));
            for (PtNDArray[] b : buffer) {
                arguments.add(IValue.listFrom(b));
            }
            if (kind == Kind.ADAM) {
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
            try (IValue ignored = kind == Kind.ADAM ? IValueUtils.forward(Step.MODULE, values)
                    : IValueUtils.runMethod(Step.MODULE, "sgd", values)) {
                // The update happened in place; the count of parameters it touched is not needed.
            }
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

    /** The optimiser's state as bytes: the step count and every buffer. */
    public byte[] save() {
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
        NDList list = NDList.decode(manager, bytes);
        if (list.size() != state.size() + 1) {
            throw new LabException("the optimiser checkpoint does not match this model; start again without --resume");
        }
        for (int i = 0; i < state.size(); i++) {
            state.get(i).set(list.get(i).toFloatArray());
        }
        steps = list.get(state.size()).toLongArray()[0];
        list.close();
    }
}
