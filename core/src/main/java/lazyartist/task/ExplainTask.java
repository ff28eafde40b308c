package lazyartist.task;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import lazyartist.LabException;
import lazyartist.data.ColoredDataset;
import lazyartist.data.ColoredSplit;
import lazyartist.data.Palette;
import lazyartist.explain.AttributionMethod;
import lazyartist.explain.Explanation;
import lazyartist.explain.IntegratedGradients;
import lazyartist.explain.Interrogation;
import lazyartist.explain.Methods;
import lazyartist.explain.Target;
import lazyartist.model.Architecture;
import lazyartist.report.ExplainFiles;

/** Task 3: where a model looks, written to {@code <model>/explain/}. */
public final class ExplainTask {

    public static final String FOLDER = "explain";

    /**
     * @param layer the stage CAM methods cut at (null: the last convolutional stage)
     * @param indices the samples to explain (null: the first {@code count})
     * @param skipCam leave out the CAM methods when the network has no convolutional stage, rather than fail
     */
    public record Options(String split, List<String> methods, String layer, Target target, int count, int[] indices,
            IntegratedGradients.Baseline baseline, int steps, double threshold, boolean skipCam) {

        public Options {
            if (!(threshold > 0 && threshold < 1)) {
                throw new LabException("--threshold must be in (0, 1), got " + threshold);
            }
            if (steps < 1) {
                throw new LabException("--steps must be at least 1, got " + steps);
            }
            if (indices == null && count < 1) {
                throw new LabException("--count must be at least 1, got " + count);
            }
        }
    }

    private ExplainTask() {}

    /** Runs the methods; {@code onEach} hears of each method as it finishes. */
    public static Interrogation run(Subject s, Options o, Path out, String command,
            Consumer<Explanation.Result> onEach) {
        String stage = o.layer() != null ? o.layer()
                : Architecture.of(s.loaded().card().architecture()).lastSpatialStage().orElse(null);
        if (stage != null) {
            s.loaded().net().indexOf(stage);
        } else if (!o.skipCam() && o.methods().stream().anyMatch(Methods.CAM::contains)) {
            throw new LabException(s.loaded().card().architecture() + " has no convolutional stage for "
                    + Methods.CAM + "; choose saliency, gradxinput or integrated-gradients");
        }
        List<AttributionMethod> chosen = new ArrayList<>();
        for (String name : o.methods()) {
            if (stage != null || !Methods.CAM.contains(name)) {
                chosen.add(Methods.of(name, stage, o.baseline(), o.steps()));
            }
        }
        ColoredSplit split = s.split(o.split());
        Interrogation interrogation = Interrogation.run(s.loaded().net(), split, samples(split, o),
                s.split(ColoredDataset.VAL), chosen, o.target(), o.threshold(), onEach);
        ExplainFiles.write(s.out(out, FOLDER), s.name(), interrogation, stage == null ? "none" : stage,
                o.target().key(), o.threshold(), Palette.defaults(), s.provenance(command, o.split()));
        return interrogation;
    }

    private static int[] samples(ColoredSplit split, Options o) {
        if (o.indices() != null) {
            for (int i : o.indices()) {
                if (i < 0 || i >= split.size()) {
                    throw new LabException("--indices " + i + " is outside the split (0.." + (split.size() - 1) + ")");
                }
            }
            return o.indices().clone();
        }
        return java.util.stream.IntStream.range(0, Math.min(o.count(), split.size())).toArray();
    }
}
