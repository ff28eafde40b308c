package lazyartist.probe;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lazyartist.data.ColoredSplit;
import lazyartist.data.SplitDataset;
import lazyartist.model.TappedNetwork;

/** The mean activation of every channel of every convolutional stage, for every sample of a split. */
public final class ChannelStats {

    private static final int BATCH = 256;

    private ChannelStats() {}

    /**
     * Per stage with N×C×H×W output: a row-major samples × channels array of channel means, in one
     * pass over the split.
     */
    public static Map<String, float[]> channelMeans(TappedNetwork net, ColoredSplit split, List<String> stages) {
        Map<String, List<float[]>> parts = new LinkedHashMap<>();
        stages.forEach(s -> parts.put(s, new ArrayList<>()));
        try (NDManager manager = NDManager.newBaseManager()) {
            ParameterStore ps = new ParameterStore(manager, false);
            int batchSize = net.batchFor(BATCH);
            for (int from = 0; from < split.size(); from += batchSize) {
                int[] idx = java.util.stream.IntStream.range(from, Math.min(split.size(), from + batchSize)).toArray();
                try (NDManager scope = manager.newSubManager()) {
                    Map<String, NDArray> taps = net.taps(ps, SplitDataset.images(scope, split, idx), false);
                    for (String stage : stages) {
                        NDArray a = taps.get(stage);
                        long[] shape = a.getShape().getShape();
                        parts.get(stage).add(a.reshape(shape[0], shape[1], -1).mean(new int[] {2}).toFloatArray());
                    }
                }
            }
        }
        Map<String, float[]> out = new LinkedHashMap<>();
        parts.forEach((stage, list) -> {
            int total = list.stream().mapToInt(a -> a.length).sum();
            float[] all = new float[total];
            int at = 0;
            for (float[] a : list) {
                System.arraycopy(a, 0, all, at, a.length);
                at += a.length;
            }
            out.put(stage, all);
        });
        return out;
    }

    /** The stages of a network whose output is N×C×H×W, in order. */
    public static List<String> spatialStages(TappedNetwork net) {
        List<String> out = new ArrayList<>();
        net.stageShapes().forEach((stage, shape) -> {
            if (shape.dimension() == 4) {
                out.add(stage);
            }
        });
        return out;
    }
}
