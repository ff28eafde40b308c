package lazyartist.explain;

/** Grad-CAM (Selvaraju et al., 2017): a channel's weight is the spatial mean of its gradient. */
public final class GradCam extends CamMethod {

    public GradCam(String stage) {
        super(stage);
    }

    @Override
    public String name() {
        return "gradcam";
    }

    @Override
    protected float[] combine(float[] activations, float[] gradients, int n, int k, int h, int w) {
        return weightedSum(channelWeights(activations, gradients, n, k, h, w), activations, n, k, h, w);
    }

    /** The channel weights, N×K. */
    static float[] channelWeights(float[] activations, float[] gradients, int n, int k, int h, int w) {
        float[] weights = new float[n * k];
        for (int c = 0; c < n * k; c++) {
            float sum = 0;
            for (int p = 0; p < h * w; p++) {
                sum += gradients[c * h * w + p];
            }
            weights[c] = sum / (h * w);
        }
        return weights;
    }
}
