package lazyartist.probe;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Locale;
import lazyartist.OptionException;
import lazyartist.data.Pixels;
import lazyartist.model.Gradients;

/**
 * How the render loop's free parameters become an image. {@link #PIXELS} optimises the pixels
 * themselves (kept in [0, 1] by clamping); {@link #FOURIER} optimises a spectrum in an orthonormal
 * cosine basis, scaled by 1/frequency, in decorrelated colour space, squashed by a sigmoid — the
 * feature-visualisation libraries' choice, which favours smooth, natural images.
 */
public enum Parametrisation {
    PIXELS, FOURIER;

    /**
     * Square root of the colour correlation of natural images (ImageNet), the matrix
     * feature-visualisation libraries use to decorrelate colour.
     */
    private static final float[][] COLOUR_SQRT = {{0.26f, 0.09f, 0.02f}, {0.27f, 0.00f, -0.05f}, {0.27f, -0.09f, 0.03f}};
    /** Divides the image before the sigmoid so that it saturates late (Lucid uses the same 4). */
    private static final float SOFTEN = 4;

    public static Parametrisation parse(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "pixels" -> PIXELS;
            case "fourier" -> FOURIER;
            default -> throw new OptionException("{param} must be pixels or fourier, got '" + text + "'");
        };
    }

    /** The parameters that give {@code images} (N×3×28×28 in (0, 1)) — used to start from an image. */
    public float[] fromImages(float[] images, int n) {
        if (this == PIXELS) {
            return images.clone();
        }
        throw new OptionException("the fourier parametrisation starts from noise only; use {param} pixels");
    }

    /** Parameters of the shared random start for n images. */
    public float[] randomStart(float[] pixelStart, int n, java.util.Random random) {
        if (this == PIXELS) {
            return pixelStart;
        }
        float[] p = new float[n * Pixels.VALUES];
        float[] one = new float[Pixels.VALUES];
        for (int j = 0; j < one.length; j++) {
            one[j] = (float) (0.01 * random.nextGaussian());
        }
        for (int i = 0; i < n; i++) {
            System.arraycopy(one, 0, p, i * one.length, one.length);
        }
        return p;
    }

    /** The image of a batch of parameters, differentiably. */
    public NDArray image(NDArray params) {
        if (this == PIXELS) {
            return params;
        }
        NDManager m = params.getManager();
        long n = params.getShape().get(0);
        NDArray basis = m.create(cosineBasis(), new Shape(Pixels.SIDE, Pixels.SIDE));
        NDArray spectrum = params.mul(m.create(frequencyScale(), new Shape(1, 1, Pixels.SIDE, Pixels.SIDE)));
        // X = Bᵀ (P ∘ S) B per channel: the inverse of an orthonormal 2-D cosine transform.
        NDArray decorrelated = basis.transpose().matMul(spectrum).matMul(basis);
        NDArray colour = m.create(colourMatrix(), new Shape(3, 3));
        NDArray rgb = colour.matMul(decorrelated.reshape(n, 3, Pixels.SIDE * Pixels.SIDE)).reshape(n, 3, Pixels.SIDE, Pixels.SIDE);
        return ai.djl.nn.Activation.sigmoid(rgb.div(Gradients.scalar(rgb, SOFTEN)));
    }

    /** Whether the loop must clamp the parameters to [0, 1] (pixels) after each step. */
    boolean clamps() {
        return this == PIXELS;
    }

    /** Row k of the orthonormal DCT-II matrix: sqrt(2/N) cos(π (j + ½) k / N), row 0 scaled by 1/√2. */
    static float[] cosineBasis() {
        float[] b = new float[Pixels.SIDE * Pixels.SIDE];
        for (int k = 0; k < Pixels.SIDE; k++) {
            for (int j = 0; j < Pixels.SIDE; j++) {
                double v = Math.sqrt(2.0 / Pixels.SIDE) * Math.cos(Math.PI * (j + 0.5) * k / Pixels.SIDE);
                b[k * Pixels.SIDE + j] = (float) (k == 0 ? v / Math.sqrt(2) : v);
            }
        }
        return b;
    }

    /** 1 / max(frequency, 1/28): low frequencies dominate, as in natural images. */
    private static float[] frequencyScale() {
        float[] s = new float[Pixels.SIDE * Pixels.SIDE];
        for (int y = 0; y < Pixels.SIDE; y++) {
            for (int x = 0; x < Pixels.SIDE; x++) {
                double f = Math.sqrt(y * y + x * x) / (2.0 * Pixels.SIDE);
                s[y * Pixels.SIDE + x] = (float) (1 / Math.max(f, 1.0 / Pixels.SIDE));
            }
        }
        return s;
    }

    /** The colour square root normalised by its largest column norm. */
    private static float[] colourMatrix() {
        double max = 0;
        for (int c = 0; c < 3; c++) {
            double norm = 0;
            for (float[] row : COLOUR_SQRT) {
                norm += row[c] * row[c];
            }
            max = Math.max(max, Math.sqrt(norm));
        }
        float[] out = new float[9];
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 3; c++) {
                out[r * 3 + c] = (float) (COLOUR_SQRT[r][c] / max);
            }
        }
        return out;
    }
}
