package lazyartist.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import lazyartist.data.ColoredSplit;
import lazyartist.data.Mode;
import lazyartist.data.Pixels;
import lazyartist.data.Staging;

/**
 * Where a training image's colour lives, and images moved part of the way toward another training
 * image's colour: the points at which the colour-gradient penalties look. The colour covers the
 * background (1 − stroke intensity) in background mode and the strokes (their intensity) in
 * foreground mode; an image's colour is its mean there.
 */
public final class Recolouring {

    /**
     * Images recoloured part of the way, and the direction of the recolouring: for image i,
     * {@code points = x + α_i · direction}, {@code direction = mask_i · (colour_j − colour_i)} for a random
     * training image j and α_i uniform in [0, 1].
     */
    record Path(NDArray points, NDArray direction) {}

    /** Path points are drawn anew this many times over a run. */
    static final int DRAWS = 1000;

    private final byte[] strokes;
    private final Mode mode;
    /** Every training image's colour, N×3 in [0, 1]. */
    private final float[] colours;

    public Recolouring(ColoredSplit train, Mode mode) {
        this.strokes = train.strokes();
        this.mode = mode;
        this.colours = new float[train.size() * 3];
        for (int i = 0; i < train.size(); i++) {
            double weight = 1e-3;
            double[] sum = new double[3];
            for (int p = 0; p < Pixels.PIXELS; p++) {
                float m = mask(i, p);
                weight += m;
                for (int c = 0; c < 3; c++) {
                    sum[c] += m * (train.images()[i * Pixels.VALUES + p * 3 + c] & 0xff) / 255.0;
                }
            }
            for (int c = 0; c < 3; c++) {
                colours[i * 3 + c] = (float) (sum[c] / weight);
            }
        }
    }

    private float mask(int image, int pixel) {
        float stroke = (strokes[image * Pixels.PIXELS + pixel] & 0xff) / 255f;
        return mode == Mode.BACKGROUND ? 1 - stroke : stroke;
    }

    /**
     * A path point for every image of a batch. Each image's draw depends only on its index, the seed
     * and how far training has come, not on the rest of its batch: the same image gets the same point
     * at any batch size, and a resumed run draws the same points.
     */
    Path path(NDArray images, NDArray indices, long seed, double progress) {
        long[] idx = indices.toLongArray();
        int n = idx.length;
        float[] direction = new float[n * 3 * Pixels.PIXELS];
        float[] alpha = new float[n];
        long draw = (long) Math.floor(progress * DRAWS);
        for (int k = 0; k < n; k++) {
            int i = (int) idx[k];
            SplittableRandom random = new SplittableRandom((seed * 1_000_003L + i) * 1_000_003L + draw);
            int j = random.nextInt(colours.length / 3);
            alpha[k] = (float) random.nextDouble();
            for (int c = 0; c < 3; c++) {
                float shift = colours[j * 3 + c] - colours[i * 3 + c];
                for (int p = 0; p < Pixels.PIXELS; p++) {
                    direction[(k * 3 + c) * Pixels.PIXELS + p] = mask(i, p) * shift;
                }
            }
        }
        NDManager manager = images.getManager();
        NDArray d = Staging.floats(manager, direction, new Shape(n, 3, Pixels.SIDE, Pixels.SIDE));
        NDArray points = images.add(d.mul(manager.create(alpha).reshape(n, 1, 1, 1))).clip(0, 1);
        return new Path(points.stopGradient(), d);
    }
}
