package lazyartist.explain;

/**
 * Grad-CAM++ (Chattopadhay et al., 2018): a channel's weight sums the positive gradients, each
 * weighed by α = g² / (2g² + ΣA·g³), which favours locations that matter alone.
 */
public final class GradCamPlusPlus extends CamMethod {

    private static final float EPSILON = 1e-7f;

    public GradCamPlusPlus(String stage) {
        super(stage);
    }

    @Override
    public String name() {
        return "gradcam++";
    }

    @Override
    protected float[] combine(float[] activations, float[] gradients, int n, int k, int h, int w) {
        return weightedSum(channelWeights(activations, gradients, n, k, h, w), activations, n, k, h, w);
    }

    /** The channel weights, N×K. */
    static float[] channelWeights(float[] activations, float[] gradients, int n, int k, int h, int w) {
        float[] weights = new float[n * k];
        for (int c = 0; c < n * k; c++) {
            int base = c * h * w;
            float sumA = 0;
            for (int p = 0; p < h * w; p++) {
                sumA += activations[base + p];
            }
            float weight = 0;
            for (int p = 0; p < h * w; p++) {
                float g = gradients[base + p];
                if (g != 0) {
                    float g2 = g * g;
                    float alpha = g2 / (2 * g2 + sumA * g2 * g + EPSILON);
                    weight += alpha * Math.max(g, 0);
                }
            }
            weights[c] = weight;
        }
        return weights;
    }
}
