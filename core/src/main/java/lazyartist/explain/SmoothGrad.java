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
    /** Each sample's noise, drawn for the longest batch seen ({@link #noise}). */
    private float[][] noise;

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

    /** Whether it averages the squared maps. */
    public boolean squared() {
        return squared;
    }

    /** Whether {@code other} smooths the same method over the same noisy copies: the two can share one run. */
    public boolean sharesSamples(SmoothGrad other) {
        return base.name().equals(other.base.name()) && samples == other.samples && sigma == other.sigma
                && seed == other.seed;
    }

    @Override
    public float[] attribute(TappedNetwork net, NDArray images, int[] classes) {
        float[][] m = moments(net, images, classes);
        return squared ? m[1] : m[0];
    }

    /**
     * Both variants from one set of noisy copies: the mean of the base method's maps, and the mean of
     * their squares.
     */
    public float[][] moments(TappedNetwork net, NDArray images, int[] classes) {
        if (sigma == 0) {
            // Without noise every sample is the image itself: one pass is the mean, exactly.
            float[] map = base.attribute(net, images, classes);
            float[] sq = new float[map.length];
            for (int j = 0; j < map.length; j++) {
                sq[j] = map[j] * map[j];
            }
            return new float[][] {map, sq};
        }
        float[] x = images.toFloatArray();
        double[] sum = null;
        double[] sumSq = null;
        float[] noisy = new float[x.length];
        for (int s = 0; s < samples; s++) {
            float[] noise = noise(s, x.length);
            for (int j = 0; j < x.length; j++) {
                noisy[j] = x[j] + noise[j];
            }
            float[] map;
            try (NDArray point = Staging.floats(images.getManager(), noisy, images.getShape())) {
                map = base.attribute(net, point, classes);
            }
            if (sum == null) {
                sum = new double[map.length];
                sumSq = new double[map.length];
            }
            for (int j = 0; j < map.length; j++) {
                sum[j] += map[j];
                sumSq[j] += (double) map[j] * map[j];
            }
        }
        float[][] out = new float[2][sum.length];
        for (int j = 0; j < sum.length; j++) {
            out[0][j] = (float) (sum[j] / samples);
            out[1][j] = (float) (sumSq[j] / samples);
        }
        return out;
    }

    /**
     * Sample {@code s}'s noise for the first {@code length} values of a batch: drawn once per sample
     * from its own stream, so a shorter batch reads a prefix of a longer one's and every call reuses it.
     */
    private float[] noise(int s, int length) {
        if (noise == null || noise[s].length < length) {
            noise = new float[samples][];
            SplittableRandom root = new SplittableRandom(seed);
            for (int k = 0; k < samples; k++) {
                noise[k] = gaussians(root.split(), length, sigma);
            }
        }
        return noise[s];
    }

    /** {@code length} Gaussian values of standard deviation σ, two per Box–Muller draw. */
    private static float[] gaussians(SplittableRandom random, int length, double sigma) {
        float[] out = new float[length];
        for (int j = 0; j < length; j += 2) {
            double r = sigma * Math.sqrt(-2 * Math.log(1 - random.nextDouble()));
            double angle = 2 * Math.PI * random.nextDouble();
            out[j] = (float) (r * Math.cos(angle));
            if (j + 1 < length) {
                out[j + 1] = (float) (r * Math.sin(angle));
            }
        }
        return out;
    }
}
