package lazyartist.data;

import lazyartist.LabException;
import lazyartist.OptionException;

/**
 * Everything that decides a Colored-MNIST data set besides MNIST itself.
 *
 * @param bias fraction ρ of each digit's easy samples that wear the digit's colour
 * @param valFraction fraction of the easy split held out for validation, stratified
 */
public record GeneratorConfig(Mode mode, double bias, double valFraction, HardPolicy hardPolicy, long seed,
        Palette palette) {

    /** The original studies' bias: 95% of training digits carry their colour. */
    public static final double DEFAULT_BIAS = 0.95;
    public static final double DEFAULT_VAL_FRACTION = 0.1;
    public static final long DEFAULT_SEED = 42;

    public GeneratorConfig {
        if (!(bias >= 0 && bias <= 1)) {
            throw new OptionException("{bias} must be in [0, 1], got " + bias);
        }
        if (!(valFraction >= 0 && valFraction < 1)) {
            throw new OptionException("{valFraction} must be in [0, 1), got " + valFraction);
        }
        if (mode == null || hardPolicy == null || palette == null) {
            throw new LabException("a generator config needs a mode, a hard policy and a palette");
        }
    }

    /** The defaults for a mode. */
    public static GeneratorConfig defaults(Mode mode) {
        return new GeneratorConfig(mode, DEFAULT_BIAS, DEFAULT_VAL_FRACTION, HardPolicy.NEVER, DEFAULT_SEED,
                Palette.defaults());
    }

    public GeneratorConfig withSeed(long newSeed) {
        return new GeneratorConfig(mode, bias, valFraction, hardPolicy, newSeed, palette);
    }

    public GeneratorConfig withMode(Mode newMode) {
        return new GeneratorConfig(newMode, bias, valFraction, hardPolicy, seed, palette);
    }
}
