package lazyartist.explain;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import lazyartist.LabException;
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
                throw new LabException("stage '" + stage + "' gives " + activation.getShape()
                        + ", not feature maps: choose a convolutional stage (--layer)");
            }
            a = activation.toFloatArray();
        }
        int k = (int) shape[1];
        int h = (int) shape[2];
        int w = (int) shape[3];
        float[] up = Maps.upsample(a, n * k, h, w, Pixels.SIDE, Pixels.SIDE);
        float[] masks = up.clone();
        for (int m = 0; m < n * k; m++) {
            normalise(masks, m * Pixels.PIXELS, Pixels.PIXELS);
        }
        float[] weights = new float[n * k];
        int perPass = Math.max(1, BATCH / n);
        for (int from = 0; from < k; from += perPass) {
            int to = Math.min(k, from + perPass);
            float[] masked = new float[(to - from) * x.length];
            for (int c = from; c < to; c++) {
                for (int i = 0; i < n; i++) {
                    int base = ((c - from) * n + i) * Pixels.VALUES;
                    int mask = (i * k + c) * Pixels.PIXELS;
                    for (int ch = 0; ch < Pixels.CHANNELS; ch++) {
                        for (int p = 0; p < Pixels.PIXELS; p++) {
                            masked[base + ch * Pixels.PIXELS + p] = x[i * Pixels.VALUES + ch * Pixels.PIXELS + p]
                                    * masks[mask + p];
                        }
                    }
                }
            }
            try (NDManager m = images.getManager().newSubManager()) {
                NDArray batch = Staging.floats(m, masked, Pixels.batch((long) (to - from) * n));
                float[] p = net.logits(new ParameterStore(m, false), batch, false).softmax(1).toFloatArray();
                for (int c = from; c < to; c++) {
                    for (int i = 0; i < n; i++) {
                        weights[i * k + c] = p[((c - from) * n + i) * Predictions.CLASSES + classes[i]];
                    }
                }
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

    /** Rescales {@code length} values from {@code from} to [0, 1] (all zero when they are all equal). */
    static void normalise(float[] values, int from, int length) {
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
    }
}
