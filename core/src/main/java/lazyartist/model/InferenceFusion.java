package lazyartist.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;

/**
 * Two rewrites of adjacent stages that give an inference pass the same outputs with fewer passes over
 * memory (in a batch-norm CNN the batch norms, ReLUs and max-pools took 40% of a forward pass): a batch
 * norm, which then applies its running statistics, folds into the convolution before it; a max-pool
 * runs before the ReLU in front of it (both keep the largest value, so the order does not change it),
 * leaving the ReLU a quarter of the values.
 */
final class InferenceFusion {

    /** The batch norms' ε: DJL's default, which every batch-norm stage is built with ({@link Layer#build}). */
    static final float BATCH_NORM_EPSILON = 1e-5f;

    private InferenceFusion() {}

    /** Whether the stage pair is a convolution and the batch norm after it. */
    static boolean foldsBatchNorm(Layer first, Layer second) {
        return first.type().equals("Conv2d") && second.type().equals("BatchNorm2d");
    }

    /** Whether the stage pair is a ReLU and the max-pool after it. */
    static boolean poolsFirst(Layer first, Layer second) {
        return first.type().equals("ReLU") && second.type().equals("MaxPool2d");
    }

    /**
     * The convolution {@code conv} followed by the batch norm {@code norm} in inference, as one
     * convolution: weights times γ/√(σ² + ε) per output channel, bias (b − μ)·γ/√(σ² + ε) + β.
     */
    static NDArray convolveNormalised(ParameterStore ps, NDArray x, Layer conv, Block convolution, Block norm) {
        Device device = x.getDevice();
        // Folded on every pass, not cached: training and randomisation change the weights between passes,
        // and the fold costs a few operations on parameter-sized arrays.
        NDArray out;
        try (NDScope ignored = new NDScope()) {
            NDArray gamma = value(ps, norm, "gamma", device);
            NDArray scale = gamma.div(value(ps, norm, "runningVar", device).add(BATCH_NORM_EPSILON).sqrt());
            NDArray weight = value(ps, convolution, "weight", device).mul(scale.reshape(-1, 1, 1, 1));
            NDArray mean = value(ps, norm, "runningMean", device);
            NDArray shift = conv.bias() ? value(ps, convolution, "bias", device).sub(mean) : mean.neg();
            NDArray bias = shift.mul(scale).add(value(ps, norm, "beta", device));
            out = Conv2d.conv2d(x, weight, bias, new Shape(conv.stride(), conv.stride()),
                    new Shape(conv.padding(), conv.padding()), new Shape(1, 1), 1).singletonOrThrow();
            NDScope.unregister(out);
        }
        // The caller's scope, if any, owns the output as it owns an unfused stage's: an attack's step frees it.
        NDScope.register(out);
        return out;
    }

    /** The max-pool {@code pool}, then the ReLU {@code relu}. */
    static NDArray poolThenRelu(ParameterStore ps, NDArray x, Block relu, Block pool) {
        NDArray pooled = pool.forward(ps, new NDList(x), false).singletonOrThrow();
        return relu.forward(ps, new NDList(pooled), false).singletonOrThrow();
    }

    private static NDArray value(ParameterStore ps, Block block, String name, Device device) {
        return ps.getValue(block.getParameters().get(name), device, false);
    }
}
