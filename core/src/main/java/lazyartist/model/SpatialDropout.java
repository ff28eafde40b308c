package lazyartist.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Drops whole feature maps during training (PyTorch's Dropout2d) and rescales the rest, so that
 * no single channel, such as one that only encodes colour, can carry the decision.
 */
public final class SpatialDropout extends AbstractBlock {

    private final double rate;

    public SpatialDropout(double rate) {
        this.rate = rate;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        if (!training || rate == 0) {
            return inputs;
        }
        long[] s = x.getShape().getShape();
        NDArray keep = x.getManager().randomUniform(0, 1, new Shape(s[0], s[1], 1, 1))
                .gte(rate).toType(DataType.FLOAT32, false).div(1 - rate);
        return new NDList(x.mul(keep));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        return inputs;
    }
}
