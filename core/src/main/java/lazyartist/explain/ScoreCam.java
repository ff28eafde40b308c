package lazyartist.explain;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import lazyartist.OptionException;
import lazyartist.data.Maps;
import lazyartist.data.Pixels;
import lazyartist.data.Staging;
import lazyartist.model.Predictions;
import lazyartist.model.TappedNetwork;

/**
 * Score-CAM (Wang et al., 2020): each activation map of the CAM stage, upsampled to 28×28 and
 * normalised to [0, 1], masks the input; its weight is the class's softmax probability on the masked
 * input. The map is the positive part of the weighted sum of the upsampled activation maps,
 * normalised to [0, 1]. No gradients.
 */
public final class ScoreCam implements AttributionMethod {

    /** Masked images per forward pass: around 64, passes run fastest per image (larger ones page-fault). */
    private static final int BATCH = 64;

    private final String stage;

    public ScoreCam(String stage) {
        this.stage = stage;
    }

    @Override
    public String name() {
        return "scorecam";
    }

    @Override
    public float[] attribute(TappedNetwork net, NDArray images, int[] classes) {
        int n = classes.length;
        float[] x = images.toFloatArray();
        float[] a;
        long[] shape;
        try (NDManager m = images.getManager().newSubManager()) {
            NDArray activation = net.forwardTo(new ParameterStore(m, false), images, stage, false);
            shape = activation.getShape().getShape();
            if (shape.length != 4) {
                throw new OptionException("stage '" + stage + "' gives " + activation.getShape()
                        + ", not feature maps: choose a convolutional stage ({layer})");
            }
            a = activation.toFloatArray();
        }
        int k = (int) shape[1];
        int h = (int) shape[2];
        int w = (int) shape[3];
        float[] up = Maps.upsample(a, n * k, h, w, Pixels.SIDE, Pixels.SIDE);
        float[] masks = up.clone();
        // A constant activation map normalises to an all-zero mask: its masked image is black whatever the
        // digit, so one pass on a black image weighs every such pair (ReLU leaves many channels silent).
        List<int[]> lit = new ArrayList<>();
        boolean anyDark = false;
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < k; c++) {
                if (normalise(masks, (i * k + c) * Pixels.PIXELS, Pixels.PIXELS)) {
                    lit.add(new int[] {i, c});
                } else {
                    anyDark = true;
                }
            }
        }
        float[] weights = new float[n * k];
        if (anyDark) {
            float[] black = probabilities(net, images.getManager(), new float[Pixels.VALUES], 1);
            for (int i = 0; i < n; i++) {
                for (int c = 0; c < k; c++) {
                    weights[i * k + c] = black[classes[i]];
                }
            }
        }
        for (int from = 0; from < lit.size(); from += BATCH) {
            int to = Math.min(lit.size(), from + BATCH);
            float[] masked = new float[(to - from) * Pixels.VALUES];
            for (int j = from; j < to; j++) {
                int i = lit.get(j)[0];
                int mask = (i * k + lit.get(j)[1]) * Pixels.PIXELS;
                int base = (j - from) * Pixels.VALUES;
                for (int ch = 0; ch < Pixels.CHANNELS; ch++) {
                    for (int p = 0; p < Pixels.PIXELS; p++) {
                        masked[base + ch * Pixels.PIXELS + p] = x[i * Pixels.VALUES + ch * Pixels.PIXELS + p]
                                * masks[mask + p];
                    }
                }
            }
            float[] p = probabilities(net, images.getManager(), masked, to - from);
            for (int j = from; j < to; j++) {
                int i = lit.get(j)[0];
                weights[i * k + lit.get(j)[1]] = p[(j - from) * Predictions.CLASSES + classes[i]];
            }
        }
        float[] map = new float[n * Pixels.PIXELS];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < k; c++) {
                float wc = weights[i * k + c];
                int src = (i * k + c) * Pixels.PIXELS;
                for (int p = 0; p < Pixels.PIXELS; p++) {
                    map[i * Pixels.PIXELS + p] += wc * up[src + p];
                }
            }
            for (int p = 0; p < Pixels.PIXELS; p++) {
                map[i * Pixels.PIXELS + p] = Math.max(0, map[i * Pixels.PIXELS + p]);
            }
            normalise(map, i * Pixels.PIXELS, Pixels.PIXELS);
        }
        return map;
    }

    /** The softmax probabilities (N×10) of {@code count} images. */
    private static float[] probabilities(TappedNetwork net, NDManager parent, float[] images, int count) {
        try (NDManager m = parent.newSubManager()) {
            NDArray batch = Staging.floats(m, images, Pixels.batch(count));
            return net.logits(new ParameterStore(m, false), batch, false).softmax(1).toFloatArray();
        }
    }

    /**
     * Rescales {@code length} values from {@code from} to [0, 1] (all zero when they are all equal);
     * returns whether they varied.
     */
    static boolean normalise(float[] values, int from, int length) {
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (int j = from; j < from + length; j++) {
            min = Math.min(min, values[j]);
            max = Math.max(max, values[j]);
        }
        float range = max - min;
        for (int j = from; j < from + length; j++) {
            values[j] = range > 0 ? (values[j] - min) / range : 0;
        }
        return range > 0;
    }
}
