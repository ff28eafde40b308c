package lazyartist.probe;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import lazyartist.data.ColoredSplit;
import lazyartist.data.SplitDataset;
import lazyartist.model.Layer;
import lazyartist.model.TappedNetwork;

/**
 * The probe's per-image views, computed: first-layer kernels, the feature maps of one digit, deep
 * dream from it and its inversion at every stage. Each is null when not asked for.
 *
 * @param views the names asked for: filters, features, dream, invert
 * @param filters the first convolution's kernels (out×3×k×k) and its layer
 * @param maps per probed stage, the digit's activation and its shape
 * @param dream snapshots of ascent on the true and the predicted class, at each of {@code dreamSteps}
 * @param inverted per probed stage, an image matching the digit's activation there
 * @param seconds the time of each view
 */
public record Views(Set<String> views, int image, float[] reference, int trueClass, int predicted, Layer firstLayer,
        float[] filters, List<String> stages, List<float[]> maps, List<long[]> shapes, int[] dreamSteps,
        List<float[]> dream, float[] inverted, Map<String, Double> seconds) {

    /** The views there are, by command-line name. */
    public static final List<String> NAMES = List.of("filters", "features", "dream", "invert");

    public static Views compute(TappedNetwork net, ColoredSplit split, int image, Render render, int[] dreamSteps,
            Set<String> views) {
        Map<String, Double> seconds = new LinkedHashMap<>();
        long start = System.nanoTime();
        Layer first = net.layers().stream().filter(l -> l.type().equals("Conv2d") && l.in() == 3).findFirst()
                .orElse(null);
        float[] filters = first == null || !views.contains("filters") ? null
                : net.stage(first.name()).getParameters().get("weight").getArray().toFloatArray();
        if (views.contains("filters")) {
            seconds.put("filters", elapsed(start));
        }
        start = System.nanoTime();
        List<String> stages = Probing.stages(net);
        List<float[]> maps = new ArrayList<>();
        List<long[]> shapes = new ArrayList<>();
        float[] reference;
        int predicted;
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = SplitDataset.images(manager, split, new int[] {image});
            reference = x.toFloatArray();
            Map<String, NDArray> taps = net.taps(new ParameterStore(manager, false), x, false);
            for (String stage : stages) {
                maps.add(taps.get(stage).toFloatArray());
                shapes.add(taps.get(stage).getShape().getShape());
            }
            predicted = (int) taps.get(net.stageNames().get(net.stageNames().size() - 1)).argMax(1).toLongArray()[0];
        }
        if (views.contains("features")) {
            seconds.put("featureMaps", elapsed(start));
        }
        int trueClass = split.labels()[image];
        List<float[]> dream = null;
        if (views.contains("dream")) {
            start = System.nanoTime();
            // Deep dream starts from a real digit, so it works in pixels.
            Render pixels = render.with(Parametrisation.PIXELS).withSteps(dreamSteps[dreamSteps.length - 1]);
            float[] twice = new float[2 * reference.length];
            System.arraycopy(reference, 0, twice, 0, reference.length);
            System.arraycopy(reference, 0, twice, reference.length, reference.length);
            dream = DeepDream.dream(net, twice, new int[] {trueClass, predicted}, pixels, dreamSteps);
            seconds.put("deepDream", elapsed(start));
        }
        float[] inverted = null;
        if (views.contains("invert")) {
            start = System.nanoTime();
            // The pixel start keeps inversions comparable with the reference digit beside them.
            inverted = Inversion.invert(net, reference, stages, render.with(Parametrisation.PIXELS));
            seconds.put("inversion", elapsed(start));
        }
        return new Views(views, image, reference, trueClass, predicted, first, filters, stages,
                views.contains("features") ? maps : null, shapes, dreamSteps, dream, inverted, seconds);
    }

    private static double elapsed(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
