package lazyartist.probe;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import java.util.Locale;
import lazyartist.OptionException;

/**
 * What activation maximisation raises, for one image of the batch per channel: one neuron (the
 * channel at a position, by default the centre), the channel's mean, or its sum.
 */
public enum Unit {
    NEURON, CHANNEL_MEAN, CHANNEL_SUM;

    public static Unit parse(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "neuron" -> NEURON;
            case "mean", "channel-mean" -> CHANNEL_MEAN;
            case "sum", "channel-sum" -> CHANNEL_SUM;
            default -> throw new OptionException("{objective} must be neuron, mean or sum, got '" + text + "'");
        };
    }

    /**
     * The value for each image i of channel {@code channels[i]} of an N×C×H×W activation, as an N-vector.
     */
    public NDArray values(NDArray activation, int[] channels) {
        long[] s = activation.getShape().getShape();
        NDArray picked = activation.gather(
                activation.getManager().create(toLongs(channels)).reshape(-1, 1, 1, 1).broadcast(s[0], 1, s[2], s[3]), 1)
                .reshape(s[0], s[2], s[3]);
        return switch (this) {
            case NEURON -> picked.get(new NDIndex(":, {}, {}", s[2] / 2, s[3] / 2));
            case CHANNEL_MEAN -> picked.reshape(s[0], -1).mean(new int[] {1});
            case CHANNEL_SUM -> picked.reshape(s[0], -1).sum(new int[] {1});
        };
    }

    public String key() {
        return switch (this) {
            case NEURON -> "neuron";
            case CHANNEL_MEAN -> "mean";
            case CHANNEL_SUM -> "sum";
        };
    }

    private static long[] toLongs(int[] a) {
        return java.util.Arrays.stream(a).asLongStream().toArray();
    }
}
