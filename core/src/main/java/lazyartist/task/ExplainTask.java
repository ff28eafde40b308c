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
import lazyartist.explain.StrokeShare;
import lazyartist.explain.Target;
import lazyartist.model.Architecture;

/** Task 3: where a model looks, written to {@code <model>/explain/}. */
public final class ExplainTask {

    public static final String FOLDER = "explain";

    /**
     * What to explain and how; start from {@link #DEFAULTS}.
     *
     * @param layer the stage CAM methods cut at (null: the last convolutional stage)
     * @param indices the samples to explain (null: the first {@code count})
     * @param skipCam leave out the CAM methods when the network has no convolutional stage, rather than fail
     */
    public record Options(String split, List<String> methods, String layer, Target target, int count, int[] indices,
            IntegratedGradients.Baseline baseline, int steps, double threshold, boolean skipCam) {

        /** Grad-CAM of the predicted class on the first 500 hard digits; integrated gradients from black in 64 steps. */
        public static final Options DEFAULTS = new Options(ColoredDataset.HARD, List.of("gradcam"), null,
                Target.PREDICTED, 500, null, IntegratedGradients.Baseline.BLACK, 64, StrokeShare.DEFAULT_THRESHOLD,
                false);

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

        public Options withSplit(String s) {
            return new Options(s, methods, layer, target, count, indices, baseline, steps, threshold, skipCam);
        }

        public Options withMethods(List<String> m) {
            return new Options(split, List.copyOf(m), layer, target, count, indices, baseline, steps, threshold,
                    skipCam);
        }

        /** The stage CAM methods cut at (null: the last convolutional stage). */
        public Options withLayer(String l) {
            return new Options(split, methods, l, target, count, indices, baseline, steps, threshold, skipCam);
        }

        public Options withTarget(Target t) {
            return new Options(split, methods, layer, t, count, indices, baseline, steps, threshold, skipCam);
        }

        /** The first {@code n} samples of the split. */
        public Options withCount(int n) {
            return new Options(split, methods, layer, target, n, indices, baseline, steps, threshold, skipCam);
        }

        /** These samples instead of the first {@code count} (null: the first {@code count}). */
        public Options withIndices(int[] i) {
            return new Options(split, methods, layer, target, count, i, baseline, steps, threshold, skipCam);
        }

        public Options withBaseline(IntegratedGradients.Baseline b) {
            return new Options(split, methods, layer, target, count, indices, b, steps, threshold, skipCam);
        }

        /** Integrated gradients' path steps. */
        public Options withSteps(int n) {
            return new Options(split, methods, layer, target, count, indices, baseline, n, threshold, skipCam);
        }

        /** MNIST intensity above which a pixel is stroke. */
        public Options withThreshold(double t) {
            return new Options(split, methods, layer, target, count, indices, baseline, steps, t, skipCam);
        }

        /** The same options, leaving out CAM methods on a network without a convolutional stage instead of failing. */
        public Options skippingCam() {
            return new Options(split, methods, layer, target, count, indices, baseline, steps, threshold, true);
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
