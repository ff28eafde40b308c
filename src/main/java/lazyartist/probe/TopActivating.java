package lazyartist.probe;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import lazyartist.data.ColoredSplit;
import lazyartist.data.Palette;

/**
 * For every channel, the k samples with the highest channel-mean activation, and what they share:
 * the colour they wear (colour purity) or the digit they show (digit purity). On a split where
 * colour and digit are independent (the hard split), a channel whose top samples share a colour
 * but not a digit sees colour; the converse sees shape.
 */
public final class TopActivating {

    /** A label needs a purity of at least this… */
    public static final double PURE = 0.5;
    /** …and must beat the other purity by at least this margin; anything else is "mixed". */
    public static final double MARGIN = 0.2;

    /** One channel's top samples and their reading. */
    public record Channel(String stage, int channel, int[] top, double colourPurity, int commonColour,
            double digitPurity, int commonDigit, String label) {}

    private TopActivating() {}

    /** The top-k samples of one channel, highest first, ties broken by sample index. */
    public static int[] top(float[] means, int channels, int channel, int k) {
        int n = means.length / channels;
        return IntStream.range(0, n).boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> -means[i * channels + channel]).thenComparing(i -> i))
                .limit(k).mapToInt(Integer::intValue).toArray();
    }

    /** Reads every channel of a stage. */
    public static List<Channel> channels(String stage, float[] means, int channels, ColoredSplit split, int k) {
        List<Channel> out = new ArrayList<>();
        for (int c = 0; c < channels; c++) {
            int[] top = top(means, channels, c, k);
            int[] colours = Arrays.stream(top).map(i -> split.colours()[i]).toArray();
            int[] digits = Arrays.stream(top).map(i -> split.labels()[i]).toArray();
            int commonColour = mode(colours);
            int commonDigit = mode(digits);
            double colourPurity = share(colours, commonColour);
            double digitPurity = share(digits, commonDigit);
            out.add(new Channel(stage, c, top, colourPurity, commonColour, digitPurity, commonDigit,
                    label(colourPurity, digitPurity)));
        }
        return out;
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

    /** Per label, how many channels of a stage carry it. */
    public static Map<String, Integer> counts(List<Channel> channels) {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (String label : new String[] {"colour", "shape", "mixed"}) {
            out.put(label, (int) channels.stream().filter(c -> c.label().equals(label)).count());
        }
        return out;
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

    static double share(int[] values, int value) {
        return values.length == 0 ? 0 : Arrays.stream(values).filter(v -> v == value).count() / (double) values.length;
    }
}
