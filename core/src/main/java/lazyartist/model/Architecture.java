package lazyartist.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import lazyartist.LabException;
import lazyartist.data.Pixels;

/** The architectures of the original studies, as stage lists named the way PyTorch names them. */
public enum Architecture {
    /** The second study's LazyCNN: three convolutions and no pooling; colour is the easy way out. */
    LAZY("lazy"),
    /**
     * The first study's foreground cheater: one coarse 7×7 convolution with stride 7 (a 4×4 grid of
     * patches), a 2×2 max-pool and a small 3×3 convolution; it sees colour far better than shape.
     */
    COARSE("coarse"),
    /** The first study's starting point, PyTorch's MNIST example widened to RGB. */
    PYTORCH_EXAMPLE("pytorch-example"),
    /** The second study's RobustCNN: batch-norm after every convolution. */
    ROBUST("robust"),
    /** ResNet-18 adapted to 28×28 (3×3 stem, no stem max-pool), trained from scratch. */
    RESNET18("resnet18"),
    /** The MLP of published Colored-MNIST debiasing tables: three hidden layers of 100. */
    MLP("mlp"),
    /**
     * The same MLP as Learning from Failure's and DisEnt's code runs it: the input divided by 255 once
     * more after the loader already scaled it to [0, 1], so the first layer sees values up to 1/255.
     */
    AUTHORS_MLP("authors-mlp"),
    /**
     * The first study's fix: a learned colour-balancing layer (a 1×1 mixing of R, G, B) in front of
     * the RobustCNN's convolutions without batch-norm, with spatial dropout after each block.
     */
    BALANCE_DROPOUT("balance-dropout"),
    /**
     * DisEnt's network (Lee et al., 2021) on the MLP: two copies of its hidden layers side by side, an
     * intrinsic and a bias encoder, and one head reading both; see {@link #twinned()}.
     */
    DISENT_MLP("disent-mlp", MLP),
    DISENT_AUTHORS_MLP("disent-authors-mlp", AUTHORS_MLP),
    DISENT_LAZY("disent-lazy", LAZY),
    DISENT_ROBUST("disent-robust", ROBUST);

    /** The stage of a DisEnt network that holds its two encoders. */
    public static final String ENCODERS = "encoders";

    /** Share of feature maps spatial dropout removes while training. */
    static final double SPATIAL_DROPOUT = 0.2;

    private final String key;
    /** The architecture whose encoder a DisEnt network runs twice; null for the others. */
    private final Architecture encoder;

    Architecture(String key) {
        this(key, null);
    }

    Architecture(String key, Architecture encoder) {
        this.key = key;
        this.encoder = encoder;
    }

    public String key() {
        return key;
    }

    /** The architecture with this command-line name. */
    public static Architecture of(String key) {
        for (Architecture a : values()) {
            if (a.key.equals(key.toLowerCase(Locale.ROOT))) {
                return a;
            }
        }
        throw new LabException("unknown architecture '" + key + "'; choose one of " + String.join(", ",
                java.util.Arrays.stream(values()).map(Architecture::key).toList()));
    }

    /** The stages of this architecture. */
    public List<Layer> layers() {
        return switch (this) {
            case LAZY -> List.of(
                    Layer.conv("conv1", 3, 6, 9, 1, 0), Layer.relu("relu1"),
                    Layer.conv("conv2", 6, 8, 7, 1, 0), Layer.relu("relu2"),
                    // Stride 2 brings conv3 to 16×7×7 = 784 features, the study's FC(784, 10).
                    Layer.conv("conv3", 8, 16, 3, 2, 1), Layer.relu("relu3"),
                    Layer.flatten("flatten"), Layer.linear("fc", 16 * 7 * 7, 10));
            case COARSE -> List.of(
                    // A 4×4 grid of 7×7 patches; the overlapping 3×3 pool keeps each 2×2 output the
                    // strongest patch of a 21×21 region, so colour survives and the digit's layout mostly not.
                    Layer.conv("conv1", 3, 16, 7, 7, 0), Layer.relu("relu1"), Layer.maxPool("pool", 3, 1),
                    // Padding 1 keeps the 2×2 grid: 24×2×2 = 96 features for the head.
                    Layer.conv("conv2", 16, 24, 3, 1, 1), Layer.relu("relu2"),
                    Layer.flatten("flatten"), Layer.linear("fc", 24 * 2 * 2, 10));
            case PYTORCH_EXAMPLE -> List.of(
                    Layer.conv("conv1", 3, 32, 3, 1, 0), Layer.relu("relu1"),
                    Layer.conv("conv2", 32, 64, 3, 1, 0), Layer.relu("relu2"),
                    Layer.maxPool("pool", 2), Layer.flatten("flatten"),
                    Layer.linear("fc1", 9216, 128), Layer.relu("relu3"), Layer.linear("fc2", 128, 10));
            case ROBUST -> List.of(
                    Layer.conv("conv1", 3, 32, 5, 1, 2), Layer.batchNorm("bn1", 32), Layer.relu("relu1"),
                    Layer.maxPool("pool1", 2),
                    Layer.conv("conv2", 32, 64, 3, 1, 1), Layer.batchNorm("bn2", 64), Layer.relu("relu2"),
                    Layer.maxPool("pool2", 2),
                    Layer.conv("conv3", 64, 128, 3, 1, 1), Layer.batchNorm("bn3", 128), Layer.relu("relu3"),
                    Layer.flatten("flatten"), Layer.linear("fc", 128 * 7 * 7, 10));
            case RESNET18 -> List.of(
                    Layer.convNoBias("conv1", 3, 64, 3, 1, 1), Layer.batchNorm("bn1", 64), Layer.relu("relu"),
                    Layer.residual("layer1", 64, 64, 1), Layer.residual("layer2", 64, 128, 2),
                    Layer.residual("layer3", 128, 256, 2), Layer.residual("layer4", 256, 512, 2),
                    Layer.globalAvgPool("avgpool"), Layer.linear("fc", 512, 10));
            case MLP -> mlp();
            case AUTHORS_MLP -> {
                List<Layer> layers = new ArrayList<>(List.of(Layer.scale("input", 1 / 255.0)));
                layers.addAll(mlp());
                yield layers;
            }
            case DISENT_MLP, DISENT_AUTHORS_MLP, DISENT_LAZY, DISENT_ROBUST -> {
                int features = encoder.features();
                yield List.of(Layer.twin(ENCODERS, encoder.key, features), Layer.linear("fc", 2 * features, 10));
            }
            case BALANCE_DROPOUT -> List.of(
                    Layer.convNoBias("balance", 3, 3, 1, 1, 0),
                    Layer.conv("conv1", 3, 32, 5, 1, 2), Layer.relu("relu1"),
                    Layer.spatialDropout("drop1", SPATIAL_DROPOUT), Layer.maxPool("pool1", 2),
                    Layer.conv("conv2", 32, 64, 3, 1, 1), Layer.relu("relu2"),
                    Layer.spatialDropout("drop2", SPATIAL_DROPOUT), Layer.maxPool("pool2", 2),
                    Layer.conv("conv3", 64, 128, 3, 1, 1), Layer.relu("relu3"),
                    Layer.spatialDropout("drop3", SPATIAL_DROPOUT),
                    Layer.flatten("flatten"), Layer.linear("fc", 128 * 7 * 7, 10));
        };
    }

    /** The DisEnt network built on this architecture's encoder, with a clear error where there is none. */
    public Architecture twinned() {
        for (Architecture a : values()) {
            if (a.encoder == this) {
                return a;
            }
        }
        throw new LabException("DisEnt runs on " + String.join(", ", java.util.Arrays.stream(values())
                .filter(a -> a.encoder != null).map(a -> a.encoder.key).toList()) + ", not on '" + key
                + "': choose one of those with --arch");
    }

    /** The architecture a DisEnt network runs twice as its encoders; the architecture itself for the others. */
    public Architecture encoder() {
        return encoder == null ? this : encoder;
    }

    /** Every stage but the head: what a DisEnt encoder runs. */
    List<Layer> encoderLayers() {
        List<Layer> all = layers();
        return all.subList(0, all.size() - 1);
    }

    /** Width of the head's input. */
    private int features() {
        List<Layer> all = layers();
        return all.get(all.size() - 1).in();
    }

    private static List<Layer> mlp() {
        List<Layer> layers = new ArrayList<>();
        layers.add(Layer.flatten("flatten"));
        int in = Pixels.VALUES;
        for (int i = 1; i <= 3; i++) {
            layers.add(Layer.linear("fc" + i, in, 100));
            layers.add(Layer.relu("relu" + i));
            in = 100;
        }
        layers.add(Layer.linear("fc4", 100, 10));
        return layers;
    }

    /** A fresh, uninitialised network of this architecture. */
    public TappedNetwork build() {
        return new TappedNetwork(layers());
    }

    /**
     * The stage whose feature maps Grad-CAM and probing use by default: the last stage with a
     * spatial (N×C×H×W) output; empty for a network without one (the MLP).
     */
    public java.util.Optional<String> lastSpatialStage() {
        String last = null;
        for (var e : build().stageShapes().entrySet()) {
            if (e.getValue().dimension() == 4) {
                last = e.getKey();
            }
        }
        return java.util.Optional.ofNullable(last);
    }
}
