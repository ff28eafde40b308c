package lazyartist.data;

import java.util.SplittableRandom;

/** How the hard split breaks the link between digit and colour. */
public enum HardPolicy {
    /** Uniform over the nine other colours: no sample is aligned. */
    NEVER,
    /** Digit d wears the colour of digit d+1 (mod 10). */
    SHIFT,
    /** Uniform over all ten colours. */
    RANDOM;

    /** The colour for a digit under this policy. */
    int colourFor(int digit, SplittableRandom rng) {
        return switch (this) {
            case NEVER -> ColoredMnistGenerator.otherColour(digit, rng);
            case SHIFT -> (digit + 1) % Palette.SIZE;
            case RANDOM -> rng.nextInt(Palette.SIZE);
        };
    }

    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
