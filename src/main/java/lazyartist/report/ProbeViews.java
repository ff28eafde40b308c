package lazyartist.report;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lazyartist.data.ColoredSplit;
import lazyartist.data.SplitDataset;
import lazyartist.model.Layer;
import lazyartist.model.TappedNetwork;
import lazyartist.probe.DeepDream;
import lazyartist.probe.Inversion;
import lazyartist.probe.Probing;
import lazyartist.probe.Render;

/** The probe's per-image views: first-layer filters, feature maps, deep dream and inversion. */
public final class ProbeViews {

    private static final int MAX_CHANNELS = 16;

    private ProbeViews() {}

    /** The views this class draws, by command-line name. */
    public static final List<String> VIEWS = List.of("filters", "features", "dream", "invert");

    /** Writes the chosen views and returns the seconds each took. */
    public static Map<String, Double> write(Path dir, String model, TappedNetwork net, ColoredSplit split, int image,
            Render render, int[] dreamSteps, java.util.Set<String> views) {
        Map<String, Double> seconds = new LinkedHashMap<>();
        long start = System.nanoTime();
        Layer first = net.layers().stream().filter(l -> l.type().equals("Conv2d") && l.in() == 3).findFirst().orElse(null);
        if (first != null && views.contains("filters")) {
            float[] w = net.stage(first.name()).getParameters().get("weight").getArray().toFloatArray();
            Png.write(dir.resolve("filters.png"), ProbeGrid.filters(model + ", " + first.name() + ": kernels",
                    w, first.out(), first.kernel()));
        }
        if (views.contains("filters")) {
            seconds.put("filters", elapsed(start));
        }

        start = System.nanoTime();
        float[] reference;
        int predicted;
        List<String> stages = Probing.stages(net);
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = SplitDataset.images(manager, split, new int[] {image});
            reference = x.toFloatArray();
            ParameterStore ps = new ParameterStore(manager, false);
            Map<String, NDArray> taps = net.taps(ps, x, false);
            List<float[]> maps = new ArrayList<>();
            List<long[]> shapes = new ArrayList<>();
            for (String stage : stages) {
                maps.add(taps.get(stage).toFloatArray());
                shapes.add(taps.get(stage).getShape().getShape());
            }
            predicted = (int) taps.get(net.stageNames().get(net.stageNames().size() - 1)).argMax(1).toLongArray()[0];
            if (views.contains("features")) {
                Png.write(dir.resolve("feature-maps.png"), ProbeGrid.featureMaps(String.format(
                        "%s: feature maps of %s digit %d (a %d), first %d channels per stage", model, split.name(),
                        image, split.labels()[image], MAX_CHANNELS), stages, maps, shapes, MAX_CHANNELS));
                seconds.put("featureMaps", elapsed(start));
            }
        }

        if (views.contains("dream")) {
            seconds.put("deepDream", dream(dir, model, net, split, image, render, dreamSteps, reference, predicted));
        }
        if (views.contains("invert")) {
            seconds.put("inversion", invert(dir, model, net, split, image, render, reference, stages));
        }
        return seconds;
    }

    private static double dream(Path dir, String model, TappedNetwork net, ColoredSplit split, int image, Render render,
            int[] dreamSteps, float[] reference, int predicted) {
        long start = System.nanoTime();
        // Deep dream starts from a real digit, so it works in pixels.
        render = render.with(lazyartist.probe.Parametrisation.PIXELS);
        Render dream = render.withSteps(dreamSteps[dreamSteps.length - 1]);
        int[] classes = {split.labels()[image], predicted};
        float[] twice = new float[2 * reference.length];
        System.arraycopy(reference, 0, twice, 0, reference.length);
        System.arraycopy(reference, 0, twice, reference.length, reference.length);
        List<float[]> frames = DeepDream.dream(net, twice, classes, dream, dreamSteps);
        List<String> columns = new ArrayList<>(List.of("start"));
        for (int s : dreamSteps) {
            columns.add("step " + s);
        }
        Png.write(dir.resolve("deep-dream.png"), ProbeGrid.strip(model + ": deep dream of " + split.name() + " digit "
                + image, frames, columns, List.of("true class " + classes[0], "predicted " + classes[1])));
        return elapsed(start);
    }

    private static double invert(Path dir, String model, TappedNetwork net, ColoredSplit split, int image, Render render,
            float[] reference, List<String> stages) {
        long start = System.nanoTime();
        // The pixel start keeps inversions comparable with the reference digit beside them.
        render = render.with(lazyartist.probe.Parametrisation.PIXELS);
        float[] inverted = Inversion.invert(net, reference, stages, render);
        List<float[]> columnsOfOne = new ArrayList<>();
        List<String> names = new ArrayList<>(List.of("reference"));
        columnsOfOne.add(reference);
        for (int s = 0; s < stages.size(); s++) {
            columnsOfOne.add(java.util.Arrays.copyOfRange(inverted, s * reference.length, (s + 1) * reference.length));
            names.add(stages.get(s));
        }
        Png.write(dir.resolve("inversion.png"), ProbeGrid.strip(model + ": inversion of " + split.name() + " digit "
                + image + " at each stage", columnsOfOne, names, List.of("")));
        return elapsed(start);
    }

    private static double elapsed(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
