package lazyartist.task;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import lazyartist.data.ColoredDataset;
import lazyartist.data.ColoredSplit;
import lazyartist.data.DatasetStore;
import lazyartist.data.Mode;
import lazyartist.eval.SplitMetrics;
import lazyartist.explain.Explanation;
import lazyartist.explain.GradientTimesInput;
import lazyartist.explain.HiResCam;
import lazyartist.explain.StrokeShare;
import lazyartist.explain.Target;
import lazyartist.io.Json;
import lazyartist.model.Architecture;
import lazyartist.model.ModelStore;
import lazyartist.model.Predictions;
import lazyartist.model.TappedNetwork;
import lazyartist.train.Debiasing;
import lazyartist.train.Training;

/**
 * Task 4: debiasing methods trained on one biased data set, each model measured on easy validation
 * and the hard split, and the table of them all ({@link DebiasTable}). Models go to
 * {@code models/debias-<method>-s<seed>-<mode>/} of a {@link RunLayout}, each with its numbers in
 * {@link RunLayout#DEBIAS_RESULT}.
 */
public final class DebiasTask {

    /**
     * Which methods, how many seeds from which first one, and how they train.
     *
     * @param epochs epochs of the methods that train longer than {@code options} says
     */
    public record Plan(List<Debiasing.Method> methods, int seeds, long firstSeed, Debiasing.Options options,
            Map<Debiasing.Method, Integer> epochs) {

        public Plan(List<Debiasing.Method> methods, int seeds, long firstSeed, Debiasing.Options options) {
            this(methods, seeds, firstSeed, options, Map.of());
        }

        /** The options a method trains with. */
        public Debiasing.Options optionsFor(Debiasing.Method method) {
            Integer n = epochs.get(method);
            return n == null ? options : options.withEpochs(n, options.lffEpochs());
        }

        public Plan {
            epochs = Map.copyOf(epochs);
            if (methods.isEmpty()) {
                throw new lazyartist.LabException("name at least one debiasing method");
            }
            if (seeds < 1) {
                throw new lazyartist.LabException("seeds must be at least 1, got " + seeds);
            }
        }
    }

    /**
     * How each (method, seed) run is carried out around its training: directly, or as a resumable
     * stage that returns the recorded result when its inputs are unchanged (the study).
     */
    @FunctionalInterface
    public interface Runner {
        DebiasTable.Seed run(Debiasing.Method method, long seed, String model, Supplier<DebiasTable.Seed> train);

        Runner DIRECT = (method, seed, model, train) -> train.get();
    }

    private DebiasTask() {}

    /**
     * Runs every method × seed of a plan on the data set in {@code data}, models into {@code layout},
     * then writes the table into {@code table}.
     */
    public static List<DebiasTable.Seed> run(Plan plan, Path data, RunLayout layout, Path table, String command,
            boolean quiet, Runner runner) {
        List<DebiasTable.Seed> seeds = new ArrayList<>();
        Mode mode = modeOf(data);
        for (Debiasing.Method method : plan.methods()) {
            for (int s = 0; s < plan.seeds(); s++) {
                long seed = plan.firstSeed() + s;
                String name = RunLayout.debiased(method.key, seed, mode);
                seeds.add(runner.run(method, seed, name,
                        () -> train(method, plan.optionsFor(method), seed, data, layout, command, quiet)));
            }
        }
        DebiasTable.write(table, seeds, Map.of("command", command, "options", plan.options(), "data",
                data.toString()));
        return seeds;
    }

    /** The mode a data set folder was painted in. */
    public static Mode modeOf(Path data) {
        return Mode.valueOf(DatasetStore.manifest(data, ColoredDataset.TRAIN).mode().toUpperCase(Locale.ROOT));
    }

    /** Trains one method with one seed and measures it; its numbers go beside the model too. */
    public static DebiasTable.Seed train(Debiasing.Method method, Debiasing.Options o, long seed, Path data,
            RunLayout layout, String command, boolean quiet) {
        ColoredSplit train = DatasetStore.read(data, ColoredDataset.TRAIN);
        ColoredSplit val = DatasetStore.read(data, ColoredDataset.VAL);
        ColoredSplit hard = DatasetStore.read(data, ColoredDataset.HARD);
        String name = RunLayout.debiased(method.key, seed, modeOf(data));
        Path dir = layout.model(name);
        Debiasing.Trained trained = Debiasing.train(method, o, seed, modeOf(data), train, val,
                Training.DataSource.of(data), dir, name, layout.model(RunLayout.firstRun(name)),
                Training.Selection.BEST_VALIDATION, command, quiet);
        DebiasTable.Seed result = measure(method, seed, name, dir, trained, val, hard, o.explainImages());
        Json.write(dir.resolve(RunLayout.DEBIAS_RESULT), result);
        return result;
    }

    /** Easy-validation and hard accuracy, colour agreement, and where the model looks on hard digits. */
    private static DebiasTable.Seed measure(Debiasing.Method method, long seed, String name, Path dir,
            Debiasing.Trained trained, ColoredSplit val, ColoredSplit hard, int explainImages) {
        try (NDManager manager = NDManager.newBaseManager()) {
            TappedNetwork net = ModelStore.load(dir, manager).net();
            SplitMetrics hardMetrics = SplitMetrics.of(hard, Predictions.of(net, hard));
            SplitMetrics valMetrics = SplitMetrics.of(val, Predictions.of(net, val));
            int[] samples = IntStream.range(0, Math.min(explainImages, hard.size())).toArray();
            double cam = Architecture.of(trained.architecture()).lastSpatialStage()
                    .map(stage -> Explanation.run(net, hard, samples, new HiResCam(stage), Target.PREDICTED,
                            StrokeShare.DEFAULT_THRESHOLD, false).meanStrokeShare())
                    .orElse(Double.NaN);
            double gradInput = Explanation.run(net, hard, samples, new GradientTimesInput(), Target.PREDICTED,
                    StrokeShare.DEFAULT_THRESHOLD, false).meanStrokeShare();
            return new DebiasTable.Seed(method.key, method.biasAware, seed, name, valMetrics.accuracy(),
                    valMetrics.conflictingAccuracy(), hardMetrics.accuracy(), hardMetrics.colourAgreement(), cam,
                    gradInput, trained.seconds());
        }
    }
}
