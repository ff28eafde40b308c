package lazyartist.explain;

import ai.djl.ndarray.NDArray;
import lazyartist.data.Pixels;
import lazyartist.model.TappedNetwork;

/** Gradient saliency (Simonyan et al., 2014): the largest absolute input gradient over R, G, B. */
public final class Saliency implements AttributionMethod {

    @Override
    public String name() {
        return "saliency";
    }

    @Override
    public float[] attribute(TappedNetwork net, NDArray images, int[] classes) {
        return attribute(net, images, p -> classes).maps();
    }

    @Override
    public Chosen attribute(TappedNetwork net, NDArray images, java.util.function.Function<float[], int[]> choose) {
        Chosen gradients = InputGradients.of(net, images, choose);
        float[] g = gradients.maps();
        int n = gradients.classes().length;
        float[] out = new float[n * Pixels.PIXELS];
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < Pixels.PIXELS; p++) {
                float m = 0;
                for (int c = 0; c < 3; c++) {
                    m = Math.max(m, Math.abs(g[(i * 3 + c) * Pixels.PIXELS + p]));
                }
                out[i * Pixels.PIXELS + p] = m;
            }
        }
        return new Chosen(out, gradients.classes(), gradients.probabilities());
    }
}
