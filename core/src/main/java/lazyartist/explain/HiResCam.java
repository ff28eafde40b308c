package lazyartist.explain;

/**
 * HiResCAM (Draelos and Carin, 2020): the gradient times the activation, element by element,
 * summed over channels. For a head that reads the flattened maps (a weight per position) it is
 * exactly each position's contribution to the class score, where Grad-CAM's spatial average of
 * the gradients throws that structure away; on a global-average-pooled head the two agree.
 */
public final class HiResCam extends CamMethod {

    public HiResCam(String stage) {
        super(stage);
    }

    @Override
    public String name() {
        return "hirescam";
    }

    @Override
    protected float[] combine(float[] activations, float[] gradients, int n, int k, int h, int w) {
        float[] cam = new float[n * h * w];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < k; c++) {
                int base = (i * k + c) * h * w;
                for (int p = 0; p < h * w; p++) {
                    cam[i * h * w + p] += gradients[base + p] * activations[base + p];
                }
            }
        }
        return cam;
    }
}
