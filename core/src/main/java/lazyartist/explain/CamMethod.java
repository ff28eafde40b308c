package lazyartist.explain;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import lazyartist.OptionException;
import lazyartist.data.Maps;
import lazyartist.data.Pixels;
import lazyartist.model.TappedNetwork;

/**
 * What the class-activation-map family shares: cut the network at a conv stage, take the
 * activations A and the gradients G of the class score with respect to them, combine them into
 * one map per image, keep its positive part and upsample it to 28×28. A subclass only says how A
 * and G combine: most weigh the channels ({@link #weightedSum}).
 */
public abstract class CamMethod implements AttributionMethod {

    private final String stage;

    protected CamMethod(String stage) {
        this.stage = stage;
    }

    /** The stage whose feature maps are weighed. */
    public String stage() {
        return stage;
    }

    /** One map per image, N×H×W, from activations and gradients, both N×K×H×W row-major. */
    protected abstract float[] combine(float[] activations, float[] gradients, int n, int k, int h, int w);

    /** Σ_k w_k A_k per image, for channel weights N×K. */
    protected static float[] weightedSum(float[] weights, float[] activations, int n, int k, int h, int w) {
        float[] cam = new float[n * h * w];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < k; c++) {
                float wc = weights[i * k + c];
                int base = (i * k + c) * h * w;
                for (int p = 0; p < h * w; p++) {
                    cam[i * h * w + p] += wc * activations[base + p];
                }
            }
        }
        return cam;
    }

    @Override
    public float[] attribute(TappedNetwork net, NDArray images, int[] classes) {
        return attribute(net, images, p -> classes).maps();
    }

    /** One forward pass: the classes are chosen from the logits it differentiates. */
    @Override
    public Chosen attribute(TappedNetwork net, NDArray images, java.util.function.Function<float[], int[]> choose) {
        try (NDManager scope = images.getManager().newSubManager()) {
            ParameterStore ps = new ParameterStore(scope, false);
            NDArray activation = net.forwardTo(ps, images, stage, false).stopGradient();
            long[] shape = activation.getShape().getShape();
            if (shape.length != 4) {
                throw new OptionException("stage '" + stage + "' gives " + activation.getShape()
                        + ", not feature maps: choose a convolutional stage ({layer})");
            }
            activation.setRequiresGradient(true);
            float[] probabilities;
            int[] classes;
            try (TappedNetwork.Frozen frozen = net.frozen();
                    GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray logits = net.forwardFrom(ps, activation, stage, false);
                probabilities = logits.stopGradient().softmax(1).toFloatArray();
                classes = choose.apply(probabilities);
                collector.backward(Scores.of(logits, classes, scope));
            }
            int n = (int) shape[0];
            int k = (int) shape[1];
            int h = (int) shape[2];
            int w = (int) shape[3];
            float[] a = activation.toFloatArray();
            float[] g = activation.getGradient().toFloatArray();
            float[] cam = combine(a, g, n, k, h, w);
            for (int p = 0; p < cam.length; p++) {
                cam[p] = Math.max(0, cam[p]);
            }
            return new Chosen(Maps.upsample(cam, n, h, w, Pixels.SIDE, Pixels.SIDE), classes, probabilities);
        }
    }
}
