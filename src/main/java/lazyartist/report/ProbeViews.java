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

    /** Writes the four views and returns the seconds each took. */
    public static Map<String, Double> write(Path dir, String model, TappedNetwork net, ColoredSplit split, int image,
            Render render, int[] dreamSteps) {
        Map<String, Double> seconds = new LinkedHashMap<>();
        long start = System.nanoTime();
        Layer first = net.layers().stream().filter(l -> l.type().equals("Conv2d") && l.in() == 3).findFirst().orElse(null);
        if (first != null) {
            float[] w = net.stage(first.name()).getParameters().get("weight").getArray().toFloatArray();
            Png.write(dir.resolve("filters.png"), ProbeGrid.filters(model + ", " + first.name() + ": kernels",
                    w, first.out(), first.kernel()));
        }
        seconds.put("filters", elapsed(start));

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
            Png.write(dir.resolve("feature-maps.png"), ProbeGrid.featureMaps(String.format(
                    "%s: feature maps of %s digit %d (a %d), first %d channels per stage", model, split.name(), image,
                    split.labels()[image], MAX_CHANNELS), stages, maps, shapes, MAX_CHANNELS));
        }
        seconds.put("featureMaps", elapsed(start));

        start = System.nanoTime();
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
        seconds.put("deepDream", elapsed(start));

        start = System.nanoTime();
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
        seconds.put("inversion", elapsed(start));
        return seconds;
    }

    private static double elapsed(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
