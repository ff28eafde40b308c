package lazyartist.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/** ResNet's basic block: two 3×3 conv + batch-norm pairs and a shortcut, as torchvision builds it. */
public final class BasicBlock extends AbstractBlock {

    final Block conv1;
    final Block bn1;
    final Block conv2;
    final Block bn2;
    /** Projects the shortcut when the shape changes; null otherwise. */
    final Block downsampleConv;
    final Block downsampleBn;

    public BasicBlock(int in, int out, int stride) {
        conv1 = addChildBlock("conv1", Layer.convNoBias("conv1", in, out, 3, stride, 1).build());
        bn1 = addChildBlock("bn1", Layer.batchNorm("bn1", out).build());
        conv2 = addChildBlock("conv2", Layer.convNoBias("conv2", out, out, 3, 1, 1).build());
        bn2 = addChildBlock("bn2", Layer.batchNorm("bn2", out).build());
        if (stride != 1 || in != out) {
            downsampleConv = addChildBlock("downsample0", Layer.convNoBias("downsample.0", in, out, 1, stride, 0).build());
            downsampleBn = addChildBlock("downsample1", Layer.batchNorm("downsample.1", out).build());
        } else {
            downsampleConv = null;
            downsampleBn = null;
        }
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDList x = inputs;
        NDList out = bn1.forward(ps, conv1.forward(ps, x, training), training);
        out = new NDList(Activation.relu(out.singletonOrThrow()));
        out = bn2.forward(ps, conv2.forward(ps, out, training), training);
        NDArray shortcut = downsampleConv == null ? x.singletonOrThrow()
                : downsampleBn.forward(ps, downsampleConv.forward(ps, x, training), training).singletonOrThrow();
        return new NDList(Activation.relu(out.singletonOrThrow().add(shortcut)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        return bn2.getOutputShapes(conv2.getOutputShapes(bn1.getOutputShapes(conv1.getOutputShapes(inputs))));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        conv1.initialize(manager, dataType, inputShapes);
        Shape[] s = conv1.getOutputShapes(inputShapes);
        bn1.initialize(manager, dataType, s);
        conv2.initialize(manager, dataType, s);
        bn2.initialize(manager, dataType, conv2.getOutputShapes(s));
        if (downsampleConv != null) {
            downsampleConv.initialize(manager, dataType, inputShapes);
            downsampleBn.initialize(manager, dataType, downsampleConv.getOutputShapes(inputShapes));
        }
    }
}
