package lazyartist.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.List;

/**
 * DisEnt's two encoders on one input: the intrinsic one, which the debiased head is meant to read,
 * and the bias one, trained to be biased; the block's output is their features side by side
 * (intrinsic first), as DisEnt's heads read them.
 */
public final class TwinEncoder extends ai.djl.nn.AbstractBlock {

    private final TappedNetwork intrinsic;
    private final TappedNetwork bias;

    TwinEncoder(List<Layer> encoder) {
        intrinsic = addChildBlock("intrinsic", new TappedNetwork(encoder));
        bias = addChildBlock("bias", new TappedNetwork(encoder));
    }

    public TappedNetwork intrinsic() {
        return intrinsic;
    }

    public TappedNetwork bias() {
        return bias;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        return new NDList(NDArrays.concat(new NDList(intrinsic.logits(ps, x, training), bias.logits(ps, x, training)),
                1));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        Shape one = intrinsic.getOutputShapes(inputs)[0];
        return new Shape[] {new Shape(one.get(0), 2 * one.get(1))};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        intrinsic.initialize(manager, dataType, inputShapes);
        bias.initialize(manager, dataType, inputShapes);
    }
}
