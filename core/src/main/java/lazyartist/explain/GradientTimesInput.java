package lazyartist.explain;

import ai.djl.ndarray.NDArray;
import lazyartist.model.TappedNetwork;

/** Gradient × input, summed over R, G, B: a first-order estimate of each pixel's contribution. */
public final class GradientTimesInput implements AttributionMethod {

    @Override
    public String name() {
        return "gradxinput";
    }

    @Override
    public float[] attribute(TappedNetwork net, NDArray images, int[] classes) {
        float[] g = InputGradients.of(net, images, classes);
        float[] x = images.toFloatArray();
        return sumChannels(g, x, null, classes.length);
    }

    /** Σ_c g·(x − baseline) per pixel; a null baseline is black. */
    static float[] sumChannels(float[] g, float[] x, float[] baseline, int n) {
        float[] out = new float[n * 784];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < 3; c++) {
                int base = (i * 3 + c) * 784;
                for (int p = 0; p < 784; p++) {
                    float delta = baseline == null ? x[base + p] : x[base + p] - baseline[base + p];
                    out[i * 784 + p] += g[base + p] * delta;
                }
            }
        }
        return out;
    }
}
