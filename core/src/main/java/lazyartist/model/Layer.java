package lazyartist.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;

/**
 * One named stage of a network described in PyTorch vocabulary, able to build its DJL block.
 * {@code in}/{@code out} are channels or features; unused fields are 0.
 */
public record Layer(String name, String type, int in, int out, int kernel, int stride, int padding, boolean bias,
        double rate) {

    /** The type of a {@link #twin} stage, followed by its encoder's architecture. */
    static final String TWIN = "Twin:";

    public static Layer conv(String name, int in, int out, int kernel, int stride, int padding) {
        return new Layer(name, "Conv2d", in, out, kernel, stride, padding, true, 0);
    }

    public static Layer convNoBias(String name, int in, int out, int kernel, int stride, int padding) {
        return new Layer(name, "Conv2d", in, out, kernel, stride, padding, false, 0);
    }

    public static Layer batchNorm(String name, int channels) {
        return new Layer(name, "BatchNorm2d", channels, channels, 0, 0, 0, true, 0);
    }

    public static Layer relu(String name) {
        return new Layer(name, "ReLU", 0, 0, 0, 0, 0, false, 0);
    }

    public static Layer maxPool(String name, int kernel) {
        return maxPool(name, kernel, kernel);
    }

    public static Layer maxPool(String name, int kernel, int stride) {
        return new Layer(name, "MaxPool2d", 0, 0, kernel, stride, 0, false, 0);
    }

    public static Layer flatten(String name) {
        return new Layer(name, "Flatten", 0, 0, 0, 0, 0, false, 0);
    }

    /** Global average pooling straight to a vector (PyTorch: AdaptiveAvgPool2d(1) then flatten). */
    public static Layer globalAvgPool(String name) {
        return new Layer(name, "AdaptiveAvgPool2d", 0, 0, 0, 0, 0, false, 0);
    }

    public static Layer linear(String name, int in, int out) {
        return new Layer(name, "Linear", in, out, 0, 0, 0, true, 0);
    }

    /** Spatial dropout (PyTorch: Dropout2d): whole feature maps are dropped with probability {@code rate}. */
    public static Layer spatialDropout(String name, double rate) {
        return new Layer(name, "Dropout2d", 0, 0, 0, 0, 0, false, rate);
    }

    /**
     * Input quantisation to {@code levels} + 1 levels per value: a classic gradient-masking defence (its
     * input gradient is exactly zero), against which gradient attacks fail and the attack suite's
     * masking flags must fire.
     */
    public static Layer quantise(String name, int levels) {
        return new Layer(name, "Quantise", 0, 0, 0, 0, 0, false, levels);
    }

    /** Multiplies the input by a constant; no parameters. */
    public static Layer scale(String name, double factor) {
        return new Layer(name, "Scale", 0, 0, 0, 0, 0, false, factor);
    }

    /** A ResNet stage of two basic blocks; the first one strides and may project the shortcut. */
    public static Layer residual(String name, int in, int out, int stride) {
        return new Layer(name, "BasicBlock×2", in, out, 3, stride, 1, false, 0);
    }

    /**
     * Two encoders of architecture {@code encoder} (its stages but the head) side by side on the
     * same input, their {@code features}-wide outputs concatenated: DisEnt's intrinsic and bias halves.
     */
    public static Layer twin(String name, String encoder, int features) {
        return new Layer(name, TWIN + encoder, 3, 2 * features, 0, 0, 0, false, 0);
    }

    /** Whether this stage holds parameters. */
    public boolean hasParameters() {
        return in > 0;
    }

    /** Builds the DJL block for this stage. */
    public Block build() {
        if (type.startsWith(TWIN)) {
            return new TwinEncoder(Architecture.of(type.substring(TWIN.length())).encoderLayers());
        }
        return switch (type) {
            case "Conv2d" -> Conv2d.builder().setFilters(out).setKernelShape(new Shape(kernel, kernel))
                    .optStride(new Shape(stride, stride)).optPadding(new Shape(padding, padding)).optBias(bias).build();
            case "BatchNorm2d" -> BatchNorm.builder().optEpsilon(InferenceFusion.BATCH_NORM_EPSILON).build();
            case "ReLU" -> Activation.reluBlock();
            case "MaxPool2d" -> Pool.maxPool2dBlock(new Shape(kernel, kernel), new Shape(stride, stride));
            case "Flatten" -> Blocks.batchFlattenBlock();
            case "AdaptiveAvgPool2d" -> Pool.globalAvgPool2dBlock();
            case "Linear" -> Linear.builder().setUnits(out).build();
            case "Dropout2d" -> new SpatialDropout(rate);
            case "Quantise" -> new ai.djl.nn.LambdaBlock(x -> new ai.djl.ndarray.NDList(x.singletonOrThrow()
                    .mul((float) rate).round().div((float) rate)));
            case "Scale" -> new ai.djl.nn.LambdaBlock(x -> new ai.djl.ndarray.NDList(x.singletonOrThrow()
                    .mul((float) rate)));
            case "BasicBlock×2" -> new SequentialBlock()
                    .add(new BasicBlock(in, out, stride))
                    .add(new BasicBlock(out, out, 1));
            default -> throw new IllegalArgumentException("unknown layer type " + type);
        };
    }
}
