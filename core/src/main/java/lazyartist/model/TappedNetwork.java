package lazyartist.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lazyartist.LabException;
import lazyartist.data.Pixels;

/**
 * A network as an ordered list of named stages. It runs whole, up to a stage (returning the
 * activation there), from a stage (given that activation), or returns every stage's output in one
 * pass. Every analysis cuts the network here instead of re-implementing a forward pass.
 * Input: float32 N×3×28×28 RGB in [0, 1].
 */
public final class TappedNetwork extends AbstractBlock {

    /**
     * What a batch's activations may take in an inference pass (see {@link #batchFor}): 256 images of
     * every network but ResNet-18 fit (the largest, balance-dropout's, take 146 MB).
     */
    static final long BATCH_ACTIVATION_BYTES = 160L << 20;
    /** Tensors of its output's size that one residual layer (two basic blocks) makes. */
    private static final int RESIDUAL_TENSORS = 16;

    /** The input every model takes: one RGB 28×28 image. */
    public static final Shape INPUT = new Shape(Pixels.CHANNELS, Pixels.SIDE, Pixels.SIDE);

    private final List<Layer> layers;
    private final List<Block> stages = new ArrayList<>();

    public TappedNetwork(List<Layer> layers) {
        this.layers = List.copyOf(layers);
        for (Layer layer : layers) {
            stages.add(addChildBlock(layer.name(), layer.build()));
        }
    }

    /** The stages, in order. */
    public List<Layer> layers() {
        return Collections.unmodifiableList(layers);
    }

    /** The DJL block of a stage. */
    public Block stage(String name) {
        return stages.get(indexOf(name));
    }

    /** Position of a named stage; a clear error for an unknown name. */
    public int indexOf(String name) {
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i).name().equals(name)) {
                return i;
            }
        }
        throw new LabException("no stage '" + name + "'; stages are " + stageNames());
    }

    public List<String> stageNames() {
        return layers.stream().map(Layer::name).toList();
    }

    /** Runs the input through every stage up to and including {@code stage}. */
    public NDArray forwardTo(ParameterStore ps, NDArray x, String stage, boolean training) {
        return run(ps, x, 0, indexOf(stage) + 1, training);
    }

    /** Runs an activation taken at {@code stage} through the stages after it. */
    public NDArray forwardFrom(ParameterStore ps, NDArray activation, String stage, boolean training) {
        return run(ps, activation, indexOf(stage) + 1, stages.size(), training);
    }

    /** Every stage's output in one pass, keyed by stage name in order; the last one is the logits. */
    public Map<String, NDArray> taps(ParameterStore ps, NDArray x, boolean training) {
        Map<String, NDArray> out = new LinkedHashMap<>();
        NDArray a = x;
        for (int i = 0; i < stages.size(); i++) {
            a = stages.get(i).forward(ps, new NDList(a), training).singletonOrThrow();
            out.put(layers.get(i).name(), a);
        }
        return out;
    }

    /** Logits for a batch. */
    public NDArray logits(ParameterStore ps, NDArray x, boolean training) {
        return run(ps, x, 0, stages.size(), training);
    }

    /** Runs stages [from, to) of an inference pass, given the activation before {@code from}. */
    public NDArray forwardStages(ParameterStore ps, NDArray x, int from, int to) {
        return run(ps, x, from, to, false);
    }

    /**
     * Per stage, whether an inference pass runs it together with the next one ({@link InferenceFusion}):
     * a pass cut between them would run them apart.
     */
    boolean[] fusedWithNext() {
        boolean[] out = new boolean[layers.size()];
        for (int i = 0; i + 1 < layers.size(); i++) {
            Layer a = layers.get(i);
            Layer b = layers.get(i + 1);
            if (InferenceFusion.foldsBatchNorm(a, b) || InferenceFusion.poolsFirst(a, b)) {
                out[i] = true;
                i++;
            }
        }
        return out;
    }

    /**
     * Detaches every parameter from autograd until the returned scope closes: a gradient with respect to
     * the input or a stage then skips the weights' gradients, which no such caller reads (on the lazy CNN
     * its first convolution's weight gradient costs as much as its input gradient).
     */
    public Frozen frozen() {
        List<NDArray> attached = new ArrayList<>();
        for (var p : getParameters()) {
            NDArray array = p.getValue().getArray();
            if (array.hasGradient()) {
                array.setRequiresGradient(false);
                attached.add(array);
            }
        }
        return () -> attached.forEach(a -> a.setRequiresGradient(true));
    }

    /** A scope of {@link #frozen}; closing it attaches the parameters again. */
    public interface Frozen extends AutoCloseable {
        @Override
        void close();
    }

    /** Runs stages [from, to); an inference pass fuses the pairs {@link InferenceFusion} rewrites. */
    private NDArray run(ParameterStore ps, NDArray x, int from, int to, boolean training) {
        NDArray a = x;
        for (int i = from; i < to; i++) {
            boolean pair = !training && i + 1 < to;
            if (pair && InferenceFusion.foldsBatchNorm(layers.get(i), layers.get(i + 1))) {
                a = InferenceFusion.convolveNormalised(ps, a, layers.get(i), stages.get(i), stages.get(i + 1));
                i++;
            } else if (pair && InferenceFusion.poolsFirst(layers.get(i), layers.get(i + 1))) {
                a = InferenceFusion.poolThenRelu(ps, a, stages.get(i), stages.get(i + 1));
                i++;
            } else {
                a = stages.get(i).forward(ps, new NDList(a), training).singletonOrThrow();
            }
        }
        return a;
    }

    /**
     * {@code preferred} images, or fewer where a forward pass over them would hold more than
     * {@link #BATCH_ACTIVATION_BYTES} of activations: an inference pass keeps every stage's output
     * until its batch is done, ResNet-18's about 6.6 MB an image (1.6 GB for 256 images).
     */
    public int batchFor(int preferred) {
        return (int) Math.max(1, Math.min(preferred, BATCH_ACTIVATION_BYTES / activationBytes()));
    }

    /** Bytes of activations one image leaves in an inference pass, a twin stage's two encoders included. */
    private long activationBytes() {
        long perImage = 0;
        List<Shape> shapes = new ArrayList<>(stageShapes().values());
        for (int i = 0; i < layers.size(); i++) {
            // Two residual blocks: convolutions, norms, activations and sums, each the size of the output.
            int tensors = layers.get(i).type().startsWith("BasicBlock") ? RESIDUAL_TENSORS : 1;
            perImage += tensors * shapes.get(i).size() * Float.BYTES;
            if (stages.get(i) instanceof TwinEncoder twin) {
                perImage += 2 * twin.intrinsic().activationBytes();
            }
        }
        return perImage;
    }

    /** Output shape of every stage for a batch of one, in order. */
    public Map<String, Shape> stageShapes() {
        Map<String, Shape> out = new LinkedHashMap<>();
        Shape[] s = {Pixels.batch(1)};
        for (int i = 0; i < stages.size(); i++) {
            s = stages.get(i).getOutputShapes(s);
            out.put(layers.get(i).name(), s[0]);
        }
        return out;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        return new NDList(logits(ps, inputs.singletonOrThrow(), training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        Shape[] s = inputs;
        for (Block stage : stages) {
            s = stage.getOutputShapes(s);
        }
        return s;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape[] s = inputShapes;
        for (Block stage : stages) {
            stage.initialize(manager, dataType, s);
            s = stage.getOutputShapes(s);
        }
    }
}
