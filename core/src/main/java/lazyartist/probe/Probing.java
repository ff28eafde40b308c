package lazyartist.probe;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import lazyartist.data.ColoredSplit;
import lazyartist.model.Layer;
import lazyartist.model.TappedNetwork;

/**
 * Probes every feature-map stage of a network (ReLU outputs and residual blocks): top-activating
 * samples with their colour and digit purities, and one activation-maximisation image per channel.
 */
public final class Probing {

    /** What one stage's channels see; {@code maximised} is null when activation maximisation did not run. */
    public record Stage(String stage, List<TopActivating.Channel> channels, Map<String, Integer> counts,
            float[] maximised) {}

    /** The whole probe, with the seconds each method took. */
    public record Result(List<Stage> stages, double topSeconds, double maximiseSeconds) {}

    private Probing() {}

    /** The stages probed: post-activation feature maps. */
    public static List<String> stages(TappedNetwork net) {
        List<String> spatial = ChannelStats.spatialStages(net);
        return net.layers().stream()
                .filter(l -> l.type().equals("ReLU") || l.type().startsWith("BasicBlock"))
                .map(Layer::name).filter(spatial::contains).toList();
    }

    /** Top-activating samples for every stage and, when {@code maximise}, one maximising image per channel. */
    public static Result run(TappedNetwork net, ColoredSplit split, int k, Unit unit, Render render, boolean maximise) {
        List<String> names = stages(net);
        long start = System.nanoTime();
        Map<String, float[]> means = ChannelStats.channelMeans(net, split, names);
        Map<String, List<TopActivating.Channel>> channels = new LinkedHashMap<>();
        for (String stage : names) {
            int c = (int) net.stageShapes().get(stage).get(1);
            channels.put(stage, TopActivating.channels(stage, means.get(stage), c, split, k));
        }
        double topSeconds = (System.nanoTime() - start) / 1e9;
        start = System.nanoTime();
        List<Stage> out = new ArrayList<>();
        for (String stage : names) {
            int c = (int) net.stageShapes().get(stage).get(1);
            float[] images = maximise ? render.maximise(net, stage, unit, IntStream.range(0, c).toArray()) : null;
            out.add(new Stage(stage, channels.get(stage), TopActivating.counts(channels.get(stage)), images));
        }
        return new Result(out, topSeconds, (System.nanoTime() - start) / 1e9);
    }
}
