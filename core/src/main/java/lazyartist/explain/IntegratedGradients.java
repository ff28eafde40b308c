package lazyartist.explain;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Locale;
import lazyartist.OptionException;
import lazyartist.data.Maps;
import lazyartist.data.Pixels;
import lazyartist.data.Staging;
import lazyartist.model.TappedNetwork;

/**
 * Integrated gradients (Sundararajan et al., 2017): (x − baseline) times the mean gradient along
 * the straight path from the baseline to x, by the midpoint rule; summed over R, G, B. The
 * attributions of an image add up to f(x) − f(baseline).
 */
public final class IntegratedGradients implements AttributionMethod {

    /** Where the path starts. */
    public enum Baseline {
        /** An all-black image. */
        BLACK,
        /** The image blurred (σ = {@link #BLUR_SIGMA} pixels): shape gone, colour kept. */
        BLURRED;

        public static Baseline parse(String text) {
            try {
                return valueOf(text.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new OptionException("{baseline} must be black or blurred, got '" + text + "'");
            }
        }
    }

    /** Blur that wipes out MNIST strokes (about 2–3 pixels wide) while keeping the colour. */
    static final double BLUR_SIGMA = 4;

    private final Baseline baseline;
    private final int steps;

    public IntegratedGradients(Baseline baseline, int steps) {
        if (steps < 1) {
            throw new OptionException("{steps} must be at least 1, got " + steps);
        }
        this.baseline = baseline;
        this.steps = steps;
    }

    @Override
    public String name() {
        return "integrated-gradients";
    }

    /** The baseline images for a batch, N×3×28×28. */
    public float[] baseline(float[] x, int n) {
        return baseline == Baseline.BLACK ? new float[x.length] : Maps.blur(x, n, Pixels.CHANNELS, Pixels.SIDE, Pixels.SIDE, BLUR_SIGMA);
    }

    @Override
    public float[] attribute(TappedNetwork net, NDArray images, int[] classes) {
        int n = classes.length;
        float[] x = images.toFloatArray();
        float[] b = baseline(x, n);
        float[] meanGradient = new float[x.length];
        float[] point = new float[x.length];
        NDManager manager = images.getManager();
        for (int s = 0; s < steps; s++) {
            float alpha = (s + 0.5f) / steps;
            for (int j = 0; j < x.length; j++) {
                point[j] = b[j] + alpha * (x[j] - b[j]);
            }
            try (NDArray p = Staging.floats(manager, point, images.getShape())) {
                float[] g = InputGradients.of(net, p, classes);
                for (int j = 0; j < g.length; j++) {
                    meanGradient[j] += g[j] / steps;
                }
            }
        }
        return GradientTimesInput.sumChannels(meanGradient, x, b, n);
    }
}
