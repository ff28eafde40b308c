package lazyartist.decompose;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.Locale;
import lazyartist.OptionException;

/**
 * What one input vector of a sparse autoencoder is: a whole image's stage output flattened in
 * PyTorch's C×H×W order, or one C-vector per spatial position of a feature map.
 */
public enum Tokens {
    IMAGE, POSITION;

    /** Above this many values per image, image tokens would need an impractically large dictionary. */
    static final int IMAGE_LIMIT = 1024;

    public static Tokens parse(String text) {
        try {
            return valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new OptionException("{tokens} must be image or position, got '" + text + "'");
        }
    }

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Image tokens while the stage output is small enough to read whole (the lazy CNN's 784 values,
     * the vectors of the MLP): the flatten heads read positions with their own weights, and one
     * feature then stands for a whole-image pattern. Position tokens for larger maps (the RobustCNN's
     * 6,272 values, ResNet's pooled 512×4×4), where image tokens would need tens of thousands of features.
     */
    public static Tokens defaultFor(Shape stageShape) {
        return stageShape.dimension() != 4 || stageShape.size() <= IMAGE_LIMIT ? IMAGE : POSITION;
    }

    /** Checks that a stage of this shape (batch of one) can be read as these tokens. */
    void check(String stage, Shape stageShape) {
        if (this == POSITION && stageShape.dimension() != 4) {
            throw new OptionException("stage '" + stage + "' gives " + stageShape + ", not feature maps: it has no"
                    + " positions; use {tokens} image");
        }
    }

    /** Width of one token for a stage of this shape (batch of one). */
    int width(Shape stageShape) {
        return (int) (this == IMAGE ? stageShape.size() : stageShape.get(1));
    }

    /** Tokens per image. */
    int perImage(Shape stageShape) {
        return this == IMAGE ? 1 : (int) (stageShape.get(2) * stageShape.get(3));
    }

    /** An activation (N×…) as tokens (rows), image-major. */
    NDArray toTokens(NDArray activation) {
        long n = activation.getShape().get(0);
        if (this == IMAGE) {
            return activation.reshape(n, -1);
        }
        return activation.transpose(0, 2, 3, 1).reshape(-1, activation.getShape().get(1));
    }

    /** Tokens back to an activation of {@code shape} (N×…). */
    NDArray toActivation(NDArray tokens, Shape shape) {
        if (this == IMAGE) {
            return tokens.reshape(shape);
        }
        return tokens.reshape(shape.get(0), shape.get(2), shape.get(3), shape.get(1)).transpose(0, 3, 1, 2);
    }
}
