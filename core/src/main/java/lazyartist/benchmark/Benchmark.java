package lazyartist.benchmark;

import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import lazyartist.LabException;
import lazyartist.OptionException;
import lazyartist.data.ColoredDataset;
import lazyartist.data.ColoredSplit;
import lazyartist.data.DatasetStore;
import lazyartist.data.Mnist;
import lazyartist.data.Mode;
import lazyartist.io.Json;
import lazyartist.model.Architecture;
import lazyartist.model.ModelStore;
import lazyartist.model.Predictions;
import lazyartist.train.Debiasing;
import lazyartist.train.TrainConfig;
import lazyartist.train.Training;

/**
 * The literature's Colored-MNIST benchmark: for every conflicting share, method and seed, one MLP
 * trained with the protocol's recipe (three hidden layers of 100, Adam 1e-3 at a constant rate,
 * batch 256, the last epoch kept) and measured by {@link GroupMetrics} on the unbiased test set.
 * Each data set is generated once per (share, severity); each finished run leaves its
 * {@code result.json}, so a killed grid resumes where it stopped.
 */
public final class Benchmark {

    /** The protocols this command knows. */
    public static final List<String> PROTOCOLS = List.of(LffProtocol.NAME);
    /** The shares of the published tables, in per cent. */
    public static final List<Double> PUBLISHED_SHARES = List.of(0.5, 1.0, 2.0, 5.0);
    static final String RESULT = "result.json";
    /** Beside a generated data set's splits: the protocol and its settings. */
    static final String PROTOCOL = "protocol.json";

    /** Which epoch a run keeps. */
    public enum Selection {
        /** The protocol's rule, every method: the last epoch. */
        LAST_EPOCH("last-epoch"),
        /**
         * Bias-aware methods keep the epoch best on the validation digits that do not wear their class
         * colour (they know the bias, so they may); bias-agnostic ones, and DFR, whose refit is its own
         * selection, keep the last epoch.
         */
        CONFLICTING_VALIDATION("conflicting-validation");

        public final String key;

        Selection(String key) {
            this.key = key;
        }

        public static Selection of(String key) {
            for (Selection s : values()) {
                if (s.key.equals(key)) {
                    return s;
                }
            }
            throw new OptionException("{selection} must be last-epoch or conflicting-validation, got '" + key + "'");
        }

        /** Whether a method's run selects on the conflicting validation digits under this rule. */
        boolean appliesTo(Debiasing.Method method) {
            return this == CONFLICTING_VALIDATION && method.biasAware && method != Debiasing.Method.DFR;
        }
    }

    /**
     * @param conflicting shares of bias-conflicting training digits, in per cent
     * @param firstSeed the first training seed; runs use it and the {@code seeds − 1} after it
     * @param dataSeed the seed the data sets are generated with, the same for every run
     * @param epochs epochs of every run (the protocol's 100)
     */
    public record Options(String protocol, String architecture, int severity, List<Double> conflicting,
            List<String> methods, int seeds, long firstSeed, long dataSeed, int epochs, double valFraction,
            Selection selection, boolean quiet) implements java.io.Serializable {

        public Options {
            if (!PROTOCOLS.contains(protocol)) {
                throw new OptionException("{protocol} must be one of " + String.join(", ", PROTOCOLS) + ", got '"
                        + protocol + "'");
            }
            conflicting = List.copyOf(conflicting);
            methods = List.copyOf(methods);
            for (double share : conflicting) {
                new LffProtocol.Settings(share / 100, severity, valFraction, dataSeed);
            }
            methods.forEach(Debiasing.Method::of);
            Architecture.of(architecture);
            if (seeds < 1 || epochs < 1) {
                throw new OptionException("{seeds} and {epochs} must be at least 1, got " + seeds + " and " + epochs);
            }
        }

        /** The data settings of one share. */
        public LffProtocol.Settings settings(double share) {
            return new LffProtocol.Settings(share / 100, severity, valFraction, dataSeed);
        }

        /** A run's folder below the benchmark's folder: {@code runs/<arch>/<data set>/<method>/s<seed>}. */
        public String runPath(double share, Debiasing.Method method, long seed) {
            return "runs/" + architecture + "/" + settings(share).key() + "/"
                    + (selection.appliesTo(method) ? method.key + "-" + selection.key : method.key) + "/s" + seed;
        }

        /** The debiasing options every run shares: the protocol's MLP recipe. */
        Debiasing.Options recipe() {
            return Debiasing.Options.DEFAULTS.withArchitecture(architecture).withEpochs(epochs, epochs)
                    .withLearningRate(1e-3, TrainConfig.Schedule.CONSTANT).withBatchSize(256);
        }
    }

    /** One finished run. */
    public record Run(String protocol, String architecture, double conflicting, int severity, String method,
            boolean biasAware, long seed, int epochs, String selection, GroupMetrics test, double trainSeconds) {

        /** The method's row in the table: its name, and the selection where it is not the last epoch. */
        String row() {
            return selection.equals(Selection.LAST_EPOCH.key) ? method : method + " (best conflicting val)";
        }
    }

    private Benchmark() {}

    /**
     * Runs (or resumes) the grid below {@code out}; returns every run, finished before or now. MNIST is
     * read only if a data set has to be generated.
     */
    public static List<Run> run(Options o, Supplier<Mnist> mnist, Path out, String command) {
        List<Run> runs = new ArrayList<>();
        int total = o.conflicting().size() * o.methods().size() * o.seeds();
        int done = 0;
        for (double share : o.conflicting()) {
            LffProtocol.Settings settings = o.settings(share);
            Path data = dataset(mnist, settings, out, command);
            ColoredSplit train = DatasetStore.read(data, ColoredDataset.TRAIN);
            ColoredSplit val = DatasetStore.read(data, ColoredDataset.VAL);
            ColoredSplit test = DatasetStore.read(data, ColoredDataset.HARD);
            for (String key : o.methods()) {
                Debiasing.Method method = Debiasing.Method.of(key);
                for (int s = 0; s < o.seeds(); s++) {
                    long seed = o.firstSeed() + s;
                    boolean conflictingSelection = o.selection().appliesTo(method);
                    Path dir = out.resolve(o.runPath(share, method, seed));
                    done++;
                    if (!o.quiet()) {
                        System.err.printf(Locale.ROOT, "[%d/%d] %s, %s%% conflicting, seed %d%n", done, total,
                                method.key, BenchmarkTable.percent(share / 100), seed);
                    }
                    runs.add(Files.isRegularFile(dir.resolve(RESULT)) ? Json.read(dir.resolve(RESULT), Run.class)
                            : train(o, method, seed, settings, data, train,
                                    conflictingSelection ? conflicting(val) : val, conflictingSelection, test, dir,
                                    command));
                }
            }
        }
        return runs;
    }

    /** The validation digits that do not wear their class colour. */
    static ColoredSplit conflicting(ColoredSplit val) {
        int[] indices = java.util.stream.IntStream.range(0, val.size()).filter(i -> !val.aligned(i)).toArray();
        if (indices.length == 0) {
            throw new LabException("the validation split holds no bias-conflicting digit to select on: raise"
                    + " --val-fraction or use --selection last-epoch");
        }
        return val.subset("val-conflicting", indices);
    }

    private static Run train(Options o, Debiasing.Method method, long seed, LffProtocol.Settings settings, Path data,
            ColoredSplit train, ColoredSplit val, boolean conflictingSelection, ColoredSplit test, Path dir,
            String command) {
        Debiasing.Trained trained = Debiasing.train(method, o.recipe(), seed, Mode.FOREGROUND, train, val,
                Training.DataSource.of(data), dir.resolve("model"), method.key + "-s" + seed, dir.resolve("first-run"),
                conflictingSelection ? Training.Selection.BEST_VALIDATION : Training.Selection.LAST_EPOCH, command,
                o.quiet());
        GroupMetrics metrics;
        try (NDManager manager = NDManager.newBaseManager()) {
            Predictions p = Predictions.of(ModelStore.load(dir.resolve("model"), manager).net(), test);
            metrics = GroupMetrics.of(test.labels(), test.colours(), p.predicted(), p.confidence());
        }
        Run run = new Run(o.protocol(), o.architecture(), settings.conflicting(), settings.severity(), method.key,
                method.biasAware, seed, o.epochs(),
                (conflictingSelection ? Selection.CONFLICTING_VALIDATION : Selection.LAST_EPOCH).key, metrics,
                trained.seconds());
        Json.write(dir.resolve(RESULT), run);
        return run;
    }

    /** Generates (or finds) the data set of every share under {@code <out>/data/}; returns their folders. */
    public static List<Path> prepare(Options o, Supplier<Mnist> mnist, Path out, String command) {
        return o.conflicting().stream().map(share -> dataset(mnist, o.settings(share), out, command)).toList();
    }

    /** The data set of one (share, severity), generated on first use under {@code <out>/data/}. */
    static Path dataset(Supplier<Mnist> mnistSource, LffProtocol.Settings settings, Path out, String command) {
        Path dir = out.resolve("data").resolve(settings.key());
        if (Files.isRegularFile(dir.resolve(ColoredDataset.HARD).resolve(DatasetStore.MANIFEST))) {
            var manifest = DatasetStore.manifest(dir, ColoredDataset.TRAIN);
            if (manifest.seed() != settings.seed() || manifest.valFraction() != settings.valFraction()) {
                throw new LabException(dir + " was generated with seed " + manifest.seed() + " and val fraction "
                        + manifest.valFraction() + "; use another --out or the same --data-seed and --val-fraction");
            }
            return dir;
        }
        Mnist mnist = mnistSource.get();
        ColoredDataset made = LffProtocol.make(mnist, settings);
        DatasetStore.write(dir, made, mnist.fingerprints(), command, false);
        lazyartist.figures.ContactSheet.write(dir.resolve("contact-sheet.png"), made.hard(), LffProtocol.palette(),
                LffProtocol.NAME + ", " + settings.key() + ", test set: rows digits, columns colour labels");
        Json.write(dir.resolve(PROTOCOL), java.util.Map.of("protocol", LffProtocol.NAME, "settings", settings,
                "jitterStd", LffProtocol.JITTER[settings.severity() - 1]));
        return dir;
    }
}
