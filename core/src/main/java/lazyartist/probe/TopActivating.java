package lazyartist.probe;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lazyartist.data.ColoredSplit;
import lazyartist.data.Purity;

/**
 * For every channel, the k samples with the highest channel-mean activation, and what they share
 * ({@link Purity}): the colour they wear or the digit they show.
 */
public final class TopActivating {

    /** One channel's top samples and their reading. */
    public record Channel(String stage, int channel, int[] top, double colourPurity, int commonColour,
            double digitPurity, int commonDigit, String label) {}

    private TopActivating() {}

    /** Reads every channel of a stage. */
    public static List<Channel> channels(String stage, float[] means, int channels, ColoredSplit split, int k) {
        List<Channel> out = new ArrayList<>();
        for (int c = 0; c < channels; c++) {
            int[] top = Purity.topSamples(means, channels, c, k);
            Purity p = Purity.of(split, top);
            out.add(new Channel(stage, c, top, p.colour(), p.commonColour(), p.digit(), p.commonDigit(), p.label()));
        }
        return out;
    }

    /** Per label, how many channels of a stage carry it. */
    public static Map<String, Integer> counts(List<Channel> channels) {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (String label : Purity.LABELS) {
            out.put(label, (int) channels.stream().filter(c -> c.label().equals(label)).count());
        }
        return out;
    }
}
