package lazyartist.task;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import lazyartist.data.ColoredSplit;
import lazyartist.figures.Png;
import lazyartist.figures.ProbeGrid;
import lazyartist.probe.Views;

/** Draws the probe's per-image views: first-layer filters, feature maps, deep dream and inversion. */
public final class ProbeViews {

    private static final int MAX_CHANNELS = 16;

    private ProbeViews() {}

    /** Writes the views that were computed. */
    public static void write(Path dir, String model, ColoredSplit split, Views v) {
        if (v.filters() != null) {
            Png.write(dir.resolve("filters.png"), ProbeGrid.filters(model + ", " + v.firstLayer().name() + ": kernels",
                    v.filters(), v.firstLayer().out(), v.firstLayer().kernel()));
        }
        if (v.maps() != null) {
            Png.write(dir.resolve("feature-maps.png"), ProbeGrid.featureMaps(String.format(
                    "%s: feature maps of %s digit %d (a %d), first %d channels per stage", model, split.name(),
                    v.image(), v.trueClass(), MAX_CHANNELS), v.stages(), v.maps(), v.shapes(), MAX_CHANNELS));
        }
        if (v.dream() != null) {
            List<String> columns = new ArrayList<>(List.of("start"));
            for (int s : v.dreamSteps()) {
                columns.add("step " + s);
            }
            Png.write(dir.resolve("deep-dream.png"), ProbeGrid.strip(model + ": deep dream of " + split.name()
                    + " digit " + v.image(), v.dream(), columns, List.of("true class " + v.trueClass(),
                    "predicted " + v.predicted())));
        }
        if (v.inverted() != null) {
            float[] reference = v.reference();
            List<float[]> columnsOfOne = new ArrayList<>();
            List<String> names = new ArrayList<>(List.of("reference"));
            columnsOfOne.add(reference);
            for (int s = 0; s < v.stages().size(); s++) {
                columnsOfOne.add(java.util.Arrays.copyOfRange(v.inverted(), s * reference.length,
                        (s + 1) * reference.length));
                names.add(v.stages().get(s));
            }
            Png.write(dir.resolve("inversion.png"), ProbeGrid.strip(model + ": inversion of " + split.name()
                    + " digit " + v.image() + " at each stage", columnsOfOne, names, List.of("")));
        }
    }
}
