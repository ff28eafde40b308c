package lazyartist.explain;

import ai.djl.ndarray.NDArray;
import lazyartist.data.Pixels;
import lazyartist.model.TappedNetwork;

/** Gradient × input, summed over R, G, B: a first-order estimate of each pixel's contribution. */
public final class GradientTimesInput implements AttributionMethod {

    @Override
    public String name() {
        return "gradxinput";
    }

    @Override
    public float[] attribute(TappedNetwork net, NDArray images, int[] classes) {
        return attribute(net, images, p -> classes).maps();
    }

    @Override
    public Chosen attribute(TappedNetwork net, NDArray images, java.util.function.Function<float[], int[]> choose) {
        Chosen g = InputGradients.of(net, images, choose);
        return new Chosen(sumChannels(g.maps(), images.toFloatArray(), null, g.classes().length), g.classes(),
                g.probabilities());
    }

    /** Σ_c g·(x − baseline) per pixel; a null baseline is black. */
    static float[] sumChannels(float[] g, float[] x, float[] baseline, int n) {
        float[] out = new float[n * Pixels.PIXELS];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < 3; c++) {
                int base = (i * 3 + c) * Pixels.PIXELS;
                for (int p = 0; p < Pixels.PIXELS; p++) {
                    float delta = baseline == null ? x[base + p] : x[base + p] - baseline[base + p];
                    out[i * Pixels.PIXELS + p] += g[base + p] * delta;
                }
            }
        }
        return out;
    }
}
