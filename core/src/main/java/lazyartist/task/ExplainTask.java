package lazyartist.task;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import lazyartist.LabException;
import lazyartist.OptionException;
import lazyartist.data.ColoredDataset;
import lazyartist.data.ColoredSplit;
import lazyartist.data.Palette;
import lazyartist.explain.AttributionMethod;
import lazyartist.explain.Explanation;
import lazyartist.explain.MapSettings;
import lazyartist.explain.SanityCheck;
import lazyartist.explain.Interrogation;
import lazyartist.explain.Methods;
import lazyartist.explain.StrokeShare;
import lazyartist.explain.Target;
import lazyartist.data.SplitDataset;
import lazyartist.io.Json;
import lazyartist.model.Architecture;
import lazyartist.model.ModelCard;
import lazyartist.model.ModelStore;
import lazyartist.train.CrossEntropy;
import lazyartist.train.EpochRecord;
import lazyartist.train.TrainConfig;
import lazyartist.train.Training;

/** Task 3: where a model looks, written to {@code <model>/explain/}. */
public final class ExplainTask {

    public static final String FOLDER = "explain";

    /**
     * What to explain and how; start from {@link #DEFAULTS}.
     *
     * @param indices the samples to explain (null: the first {@code count})
     * @param skipCam leave out the CAM methods when the network has no convolutional stage, rather than fail
     * @param maps the methods' knobs; its stage null: the last convolutional stage
     */
    public record Options(String split, List<String> methods, Target target, int count, int[] indices,
            double threshold, boolean skipCam, MapSettings maps) {

        /** Grad-CAM of the predicted class on the first 500 hard digits, every knob at its default. */
        public static final Options DEFAULTS = new Options(ColoredDataset.HARD, List.of("gradcam"), Target.PREDICTED,
                500, null, StrokeShare.DEFAULT_THRESHOLD, false, MapSettings.DEFAULTS);

        public Options {
            if (!(threshold > 0 && threshold < 1)) {
                throw new OptionException("{threshold} must be in (0, 1), got " + threshold);
            }
            if (indices == null && count < 1) {
                throw new OptionException("{count} must be at least 1, got " + count);
            }
            for (String m : methods) {
                if (!Methods.NAMES.contains(m)) {
                    throw new LabException("unknown method '" + m + "'; choose from " + String.join(", ", Methods.NAMES));
                }
            }
        }

        public Options withSplit(String s) {
            return new Options(s, methods, target, count, indices, threshold, skipCam, maps);
        }

        public Options withMethods(List<String> m) {
            return new Options(split, List.copyOf(m), target, count, indices, threshold, skipCam, maps);
        }

        public Options withTarget(Target t) {
            return new Options(split, methods, t, count, indices, threshold, skipCam, maps);
        }

        /** The first {@code n} samples of the split. */
        public Options withCount(int n) {
            return new Options(split, methods, target, n, indices, threshold, skipCam, maps);
        }

        /** These samples instead of the first {@code count} (null: the first {@code count}). */
        public Options withIndices(int[] i) {
            return new Options(split, methods, target, count, i, threshold, skipCam, maps);
        }

        /** MNIST intensity above which a pixel is stroke. */
        public Options withThreshold(double t) {
            return new Options(split, methods, target, count, indices, t, skipCam, maps);
        }

        public Options withMaps(MapSettings m) {
            return new Options(split, methods, target, count, indices, threshold, skipCam, m);
        }

        /** The same options, leaving out CAM methods on a network without a convolutional stage instead of failing. */
        public Options skippingCam() {
            return new Options(split, methods, target, count, indices, threshold, true, maps);
        }
    }

    /**
     * The sanity checks and how they run; start from {@link #DEFAULTS}.
     *
     * @param images the first hard digits the maps are compared on
     * @param labelImages training digits the shuffled-label network learns by heart
     * @param labelEpochs its most epochs: it stops once it fits {@link #FIT} of them
     * @param maps the methods' knobs for the checks: lighter than the interrogation's, since every method runs
     *     once per re-initialised network (integrated gradients 16 steps, SmoothGrad 10 copies, occlusion 4 × 4 patches
     *     without overlap, Score-CAM on each image's 64 channels of most activation: on the RobustCNN's 128 its maps
     *     keep a mean Spearman ρ of 0.98 with the full method's)
     */
    public record Sanity(List<String> methods, int images, int labelImages, int labelEpochs, long seed,
            MapSettings maps) {

        public static final Sanity DEFAULTS = new Sanity(Methods.NAMES, 200, 512, 30, 42,
                MapSettings.DEFAULTS.withSteps(16).withNoise(10, MapSettings.DEFAULTS.noiseSigma()).withPatch(4, 4)
                        .withCamChannels(64));
        /** The shuffled-label network fits when it gets this share of its shuffled training labels. */
        public static final double FIT = 0.99;

        public Sanity {
            if (images < 2) {
                throw new OptionException("{sanityImages} must be at least 2, got " + images);
            }
            if (labelImages < 0 || labelEpochs < 1) {
                throw new LabException("the shuffled-label network needs ≥ 0 digits and ≥ 1 epoch");
            }
            methods.forEach(m -> Methods.of(m, maps.withStage("x")));
        }

        public Sanity withImages(int n) {
            return new Sanity(methods, n, labelImages, labelEpochs, seed, maps);
        }

        public Sanity withMethods(List<String> m) {
            return new Sanity(List.copyOf(m), images, labelImages, labelEpochs, seed, maps);
        }

        /** The shuffled-label network's digits (0: no label test) and its most epochs. */
        public Sanity withLabels(int digits, int epochs) {
            return new Sanity(methods, images, digits, epochs, seed, maps);
        }
    }

    private ExplainTask() {}

    /**
     * The sanity checks of a model's map methods on its first hard digits, written beside its
     * interrogation ({@link SanityFiles}); the shuffled-label network is trained into {@code
     * sanity-labels/} of that folder.
     */
    public static SanityCheck.Result sanity(Subject s, Sanity o, Path out, String command, boolean quiet) {
        String stage = Architecture.of(s.loaded().card().architecture()).lastSpatialStage().orElse(null);
        List<AttributionMethod> chosen = new ArrayList<>();
        for (String name : o.methods()) {
            if (stage != null || !Methods.CAM.contains(name)) {
                chosen.add(Methods.of(name, o.maps().withStage(stage)));
            }
        }
        ColoredSplit hard = s.split(ColoredDataset.HARD);
        Path dir = s.out(out, FOLDER);
        SanityCheck.ShuffledLabels shuffled = o.labelImages() == 0 ? null
                : shuffledLabels(s, o, dir.resolve("sanity-labels"), command, quiet);
        int[] indices = java.util.stream.IntStream.range(0, Math.min(o.images(), hard.size())).toArray();
        SanityCheck.Result result = SanityCheck.run(s.loaded().net(), hard, indices, chosen, shuffled, o.seed());
        SanityFiles.write(dir, s.name(), hard, result, s.provenance(command, ColoredDataset.HARD, ColoredDataset.TRAIN));
        return result;
    }

    /**
     * The same architecture trained by the model's recipe (its optimiser, step size and batch size, plain
     * cross-entropy) on a sample of easy training digits whose labels are shuffled, until it fits them.
     */
    private static SanityCheck.ShuffledLabels shuffledLabels(Subject s, Sanity o, Path dir, String command,
            boolean quiet) {
        ColoredSplit train = s.split(ColoredDataset.TRAIN);
        int[] picked = SplitDataset.sample(train.size(), Math.min(o.labelImages(), train.size()), o.seed());
        ColoredSplit sample = train.subset("train-shuffled", picked);
        int[] order = SplitDataset.permutation(sample.size(), o.seed() + 1);
        int[] labels = new int[sample.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = sample.labels()[order[i]];
        }
        ColoredSplit shuffled = new ColoredSplit(sample.name(), sample.images(), labels, sample.colours(),
                sample.strokes());
        TrainConfig recipe = Json.MAPPER.convertValue(s.loaded().card().training().get("config"), TrainConfig.class)
                .withEpochs(o.labelEpochs()).withSeed(o.seed()).withSchedule(TrainConfig.Schedule.CONSTANT)
                .withPatience(o.labelEpochs());
        Training.Result r = new Training(recipe, new CrossEntropy(), quiet).role(ModelCard.Role.AUXILIARY, null)
                .stopWhen(e -> e.trainAccuracy() >= Sanity.FIT)
                .run(shuffled, shuffled, new Training.DataSource(s.dataPath().toString(), "shuffled labels"), dir,
                        s.name() + "-shuffled-labels", false, command);
        EpochRecord last = r.history().get(r.history().size() - 1);
        return new SanityCheck.ShuffledLabels(ModelStore.load(dir, s.manager()).net(), r.history().size(),
                last.trainAccuracy());
    }

    /** Runs the methods; {@code onEach} hears of each method as it finishes. */
    public static Interrogation run(Subject s, Options o, Path out, String command,
            Consumer<Explanation.Result> onEach) {
        String stage = o.maps().stage() != null ? o.maps().stage()
                : Architecture.of(s.loaded().card().architecture()).lastSpatialStage().orElse(null);
        if (stage != null) {
            s.loaded().net().indexOf(stage);
        } else if (!o.skipCam() && o.methods().stream().anyMatch(Methods.CAM::contains)) {
            throw new LabException(s.loaded().card().architecture() + " has no convolutional stage for "
                    + Methods.CAM + "; choose among " + Methods.NAMES.stream().filter(m -> !Methods.CAM.contains(m)).toList());
        }
        List<AttributionMethod> chosen = new ArrayList<>();
        for (String name : o.methods()) {
            if (stage != null || !Methods.CAM.contains(name)) {
                chosen.add(Methods.of(name, o.maps().withStage(stage)));
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
                    throw new OptionException("{indices} " + i + " is outside the split (0.." + (split.size() - 1) + ")");
                }
            }
            return o.indices().clone();
        }
        return java.util.stream.IntStream.range(0, Math.min(o.count(), split.size())).toArray();
    }
}
