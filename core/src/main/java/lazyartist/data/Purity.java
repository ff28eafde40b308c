package lazyartist.data;

import java.util.Arrays;

/**
 * What a group of samples shares: the colour they wear (colour purity) or the digit they show
 * (digit purity), and the label that follows. On a split where colour and digit are independent
 * (the hard split), a unit whose top samples share a colour but not a digit sees colour; the
 * converse sees shape. Probing labels channels and the decomposition labels features this way.
 *
 * @param colour share of the samples wearing the most common colour
 * @param digit share of the samples showing the most common digit
 * @param label colour, shape or mixed, by the rule in {@link #PURE} and {@link #MARGIN}
 */
public record Purity(double colour, int commonColour, double digit, int commonDigit, String label) {

    /** A label needs a purity of at least this… */
    public static final double PURE = 0.5;
    /** …and must beat the other purity by at least this margin; anything else is "mixed". */
    public static final double MARGIN = 0.2;
    /** The labels, in the order tables show them. */
    public static final String[] LABELS = {"colour", "shape", "mixed"};

    /** The purities of some samples of a split. */
    public static Purity of(ColoredSplit split, int[] samples) {
        int[] colours = Arrays.stream(samples).map(i -> split.colours()[i]).toArray();
        int[] digits = Arrays.stream(samples).map(i -> split.labels()[i]).toArray();
        int commonColour = mode(colours);
        int commonDigit = mode(digits);
        double colourPurity = share(colours, commonColour);
        double digitPurity = share(digits, commonDigit);
        return new Purity(colourPurity, commonColour, digitPurity, commonDigit, label(colourPurity, digitPurity));
    }

    /**
     * The k samples with the highest value of one unit, highest first, ties broken by sample index.
     *
     * @param values row-major samples × units
     */
    public static int[] topSamples(float[] values, int units, int unit, int k) {
        int n = values.length / units;
        int size = Math.min(k, n);
        // A sorted window of the best so far: k is small, so insertion beats sorting all n samples.
        int[] best = new int[size];
        int filled = 0;
        for (int i = 0; i < n; i++) {
            float v = values[i * units + unit];
            if (filled == size && v <= values[best[size - 1] * units + unit]) {
                continue;
            }
            int at = filled < size ? filled++ : size - 1;
            while (at > 0 && values[best[at - 1] * units + unit] < v) {
                best[at] = best[at - 1];
                at--;
            }
            best[at] = i;
        }
        return best;
    }

    /** colour, shape or mixed, by the rule written in {@link #PURE} and {@link #MARGIN}. */
    public static String label(double colourPurity, double digitPurity) {
        if (colourPurity >= PURE && colourPurity >= digitPurity + MARGIN) {
            return "colour";
        }
        if (digitPurity >= PURE && digitPurity >= colourPurity + MARGIN) {
            return "shape";
        }
        return "mixed";
    }

    /** The most common value (smallest on ties). */
    static int mode(int[] values) {
        int[] counts = new int[Palette.SIZE];
        for (int v : values) {
            counts[v]++;
        }
        int best = 0;
        for (int v = 1; v < counts.length; v++) {
            if (counts[v] > counts[best]) {
                best = v;
            }
        }
        return best;
    }

    private static double share(int[] values, int value) {
        return values.length == 0 ? 0 : Arrays.stream(values).filter(v -> v == value).count() / (double) values.length;
    }
}
