package lazyartist.explain;

import ai.djl.ndarray.NDArray;
import java.util.SplittableRandom;
import lazyartist.OptionException;
import lazyartist.data.Staging;
import lazyartist.model.TappedNetwork;

/**
 * SmoothGrad (Smilkov et al., 2017) on top of a gradient method: the mean of its maps over noisy
 * copies of the image, each value shifted by Gaussian noise of standard deviation σ (a share of the
 * [0, 1] input range); the squared variant averages the squared maps (Hooker et al., 2019).
 */
public final class SmoothGrad implements AttributionMethod {

    private final AttributionMethod base;
    private final int samples;
    private final double sigma;
    private final boolean squared;
    private final long seed;

    public SmoothGrad(AttributionMethod base, int samples, double sigma, boolean squared, long seed) {
        if (samples < 1) {
            throw new OptionException("{noiseSamples} must be at least 1, got " + samples);
        }
        if (!(sigma >= 0)) {
            throw new OptionException("{noiseSigma} must be ≥ 0 (a share of the input range), got " + sigma);
        }
        this.base = base;
        this.samples = samples;
        this.sigma = sigma;
        this.squared = squared;
        this.seed = seed;
    }

    @Override
    public String name() {
        return squared ? "smoothgrad-sq" : "smoothgrad";
    }

    /** The method it smooths. */
    public AttributionMethod base() {
        return base;
    }

    @Override
    public float[] attribute(TappedNetwork net, NDArray images, int[] classes) {
        if (sigma == 0) {
            // Without noise every sample is the image itself: one pass is the mean, exactly.
            float[] map = base.attribute(net, images, classes);
            for (int j = 0; squared && j < map.length; j++) {
                map[j] *= map[j];
            }
            return map;
        }
        float[] x = images.toFloatArray();
        double[] sum = null;
        SplittableRandom random = new SplittableRandom(seed);
        float[] noisy = new float[x.length];
        for (int s = 0; s < samples; s++) {
            for (int j = 0; j < x.length; j++) {
                noisy[j] = (float) (x[j] + sigma * gaussian(random));
            }
            float[] map;
            try (NDArray point = Staging.floats(images.getManager(), noisy, images.getShape())) {
                map = base.attribute(net, point, classes);
            }
            if (sum == null) {
                sum = new double[map.length];
            }
            for (int j = 0; j < map.length; j++) {
                sum[j] += squared ? (double) map[j] * map[j] : map[j];
            }
        }
        float[] out = new float[sum.length];
        for (int j = 0; j < out.length; j++) {
            out[j] = (float) (sum[j] / samples);
        }
        return out;
    }

    private static double gaussian(SplittableRandom random) {
        double u = 1 - random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
    }
}
