package lazyartist.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.List;
import lazyartist.LabException;

/**
 * Adam or SGD with momentum, with PyTorch's update rules (L2 weight decay added to the gradient),
 * written here so that their state can be checkpointed and a resumed run continues exactly.
 */
public final class Optimiser {

    /** The two optimisers the lab offers. */
    public enum Kind { ADAM, SGD }

    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.999f;
    private static final float EPSILON = 1e-8f;

    private final Kind kind;
    private final float learningRate;
    private final float weightDecay;
    private final float momentum;
    private final List<Parameter> parameters;
    /** Adam: first and second moments per parameter; SGD: one momentum buffer per parameter. */
    private final List<NDArray> state = new ArrayList<>();
    private long steps;

    public Optimiser(Kind kind, double learningRate, double weightDecay, double momentum, List<Parameter> parameters,
            NDManager manager) {
        this.kind = kind;
        this.learningRate = (float) learningRate;
        this.weightDecay = (float) weightDecay;
        this.momentum = (float) momentum;
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
        float learningRate = (float) (this.learningRate * rateFactor);
        try (NDScope ignored = new NDScope()) {
            for (int i = 0; i < parameters.size(); i++) {
                NDArray w = parameters.get(i).getArray();
                NDArray g = w.getGradient();
                if (weightDecay != 0) {
                    g = g.add(w.mul(weightDecay));
                }
                if (kind == Kind.ADAM) {
                    NDArray m = state.get(2 * i).muli(BETA1).addi(g.mul(1 - BETA1));
                    NDArray v = state.get(2 * i + 1).muli(BETA2).addi(g.square().muli(1 - BETA2));
                    double c1 = 1 - Math.pow(BETA1, steps);
                    double c2 = 1 - Math.pow(BETA2, steps);
                    NDArray denominator = v.div(c2).sqrt().addi(EPSILON);
                    w.subi(m.mul(learningRate / c1).divi(denominator));
                } else {
                    NDArray buffer = state.get(i);
                    buffer.muli(momentum).addi(g);
                    w.subi(buffer.mul(learningRate));
                }
            }
        }
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
