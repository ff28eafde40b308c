package lazyartist.explain;

import lazyartist.OptionException;

/**
 * The knobs of the map methods that have them; start from {@link #DEFAULTS}.
 *
 * @param stage the stage the CAM family cuts at (null: the caller's default, the last convolutional stage)
 * @param steps integrated gradients' path steps
 * @param noiseSamples SmoothGrad's noisy copies per image
 * @param noiseSigma SmoothGrad's noise, a share of the [0, 1] input range (Smilkov et al. suggest 10–20%)
 * @param smoothBase the gradient method SmoothGrad smooths
 * @param patch occlusion's square patch side, in pixels
 * @param stride occlusion's step between patches, in pixels
 * @param camChannels Score-CAM's channels of most activation per image (0: every channel)
 */
public record MapSettings(String stage, IntegratedGradients.Baseline baseline, int steps, int noiseSamples,
        double noiseSigma, String smoothBase, int patch, int stride, int camChannels) {

    public static final MapSettings DEFAULTS = new MapSettings(null, IntegratedGradients.Baseline.BLACK, 64, 25, 0.15,
            "saliency", 4, 2, 0);

    /** SmoothGrad's noise is drawn from this seed: the same maps on every run. */
    static final long NOISE_SEED = 42;

    public MapSettings {
        if (steps < 1) {
            throw new OptionException("{steps} must be at least 1, got " + steps);
        }
        if (noiseSamples < 1) {
            throw new OptionException("{noiseSamples} must be at least 1, got " + noiseSamples);
        }
        if (!(noiseSigma >= 0)) {
            throw new OptionException("{noiseSigma} must be ≥ 0 (a share of the input range), got " + noiseSigma);
        }
        if (!Methods.SMOOTHABLE.contains(smoothBase)) {
            throw new OptionException("{smoothBase} must be one of " + Methods.SMOOTHABLE + ", got '" + smoothBase + "'");
        }
        if (patch < 1 || patch > lazyartist.data.Pixels.SIDE) {
            throw new OptionException("{patch} must be 1 to " + lazyartist.data.Pixels.SIDE + " pixels, got " + patch);
        }
        if (stride < 1) {
            throw new OptionException("{stride} must be at least 1 pixel, got " + stride);
        }
        if (camChannels < 0) {
            throw new OptionException("{camChannels} must be ≥ 0 (0: every channel), got " + camChannels);
        }
    }

    public MapSettings withStage(String s) {
        return new MapSettings(s, baseline, steps, noiseSamples, noiseSigma, smoothBase, patch, stride, camChannels);
    }

    public MapSettings withBaseline(IntegratedGradients.Baseline b) {
        return new MapSettings(stage, b, steps, noiseSamples, noiseSigma, smoothBase, patch, stride, camChannels);
    }

    public MapSettings withSteps(int n) {
        return new MapSettings(stage, baseline, n, noiseSamples, noiseSigma, smoothBase, patch, stride, camChannels);
    }

    public MapSettings withNoise(int samples, double sigma) {
        return new MapSettings(stage, baseline, steps, samples, sigma, smoothBase, patch, stride, camChannels);
    }

    public MapSettings withSmoothBase(String base) {
        return new MapSettings(stage, baseline, steps, noiseSamples, noiseSigma, base, patch, stride, camChannels);
    }

    public MapSettings withPatch(int side, int step) {
        return new MapSettings(stage, baseline, steps, noiseSamples, noiseSigma, smoothBase, side, step, camChannels);
    }

    public MapSettings withCamChannels(int n) {
        return new MapSettings(stage, baseline, steps, noiseSamples, noiseSigma, smoothBase, patch, stride, n);
    }
}
