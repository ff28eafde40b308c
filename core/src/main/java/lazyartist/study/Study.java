package lazyartist.study;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import lazyartist.LabException;
import lazyartist.attack.Cloak;
import lazyartist.data.ColoredDataset;
import lazyartist.data.ColoredMnistGenerator;
import lazyartist.data.ColoredSplit;
import lazyartist.data.DatasetStore;
import lazyartist.data.Mnist;
import lazyartist.data.Mode;
import lazyartist.decompose.Decomposition;
import lazyartist.explain.IntegratedGradients;
import lazyartist.explain.Target;
import lazyartist.io.Json;
import lazyartist.io.ResidentMemory;
import lazyartist.model.Architecture;
import lazyartist.model.ModelStore;
import lazyartist.probe.Parametrisation;
import lazyartist.probe.Probing;
import lazyartist.probe.Render;
import lazyartist.probe.Unit;
import lazyartist.report.AttackFiles;
import lazyartist.report.ContactSheet;
import lazyartist.report.DebiasTable;
import lazyartist.report.DecomposeFiles;
import lazyartist.report.EvaluationFiles;
import lazyartist.report.ExplainFiles;
import lazyartist.report.ProbeFiles;
import lazyartist.report.StudyReport;
import lazyartist.task.AttackTask;
import lazyartist.task.DecomposeTask;
import lazyartist.task.EvaluateTask;
import lazyartist.task.ExplainTask;
import lazyartist.task.ProbeTask;
import lazyartist.task.Subject;
import lazyartist.train.CrossEntropy;
import lazyartist.train.Training;

/**
 * Runs the study end to end into one folder: data set, cheaters, their evaluation, the report.
 * Each stage is skipped when its inputs are unchanged and its outputs exist, so a rerun or a
 * resumed run only does what is missing.
 */
public final class Study {

    /** Names of the stages, in order; {@code --force} takes them (a prefix forces every match). */
    public static final List<String> STAGES = List.of("dataset", "train", "evaluate", "probe", "explain", "attack",
            "debias", "decompose", "report");

    private static final String DEBIAS_RESULT = "debias-result.json";
    /** What the study's artifacts say made them; its whole configuration is in the report's appendix. */
    private static final String COMMAND = "lazy-artist study";

    private final StudyConfig config;
    private final Path out;
    private final Supplier<Mnist> mnistSource;
    private final Set<String> force;
    private final boolean quiet;
    private final Ledger ledger;
    private final List<StudyReport.StageTime> times = new ArrayList<>();
    /** The first seed's model of every debiasing method, attacked like the cheaters. */
    private final List<String> debiased = new ArrayList<>();
    /** Per mode, the models decomposed: its shortcut cheater and its best debiased model. */
    private final Map<String, List<String>> decomposed = new LinkedHashMap<>();
    /** The fingerprint of every trained model's stage, by model name. */
    private final Map<String, String> trainedModels = new LinkedHashMap<>();
    private Mnist mnist;

    public Study(StudyConfig config, Path out, Supplier<Mnist> mnist, Set<String> force, boolean quiet) {
        for (String stage : force) {
            if (!STAGES.contains(stage)) {
                throw new LabException("unknown stage '" + stage + "' for --force; stages are " + STAGES);
            }
        }
        this.config = config;
        this.out = out;
        this.mnistSource = mnist;
        this.force = force;
        this.quiet = quiet;
        this.ledger = new Ledger(out);
    }

    /** Runs every stage and returns the report's path; the folder is locked meanwhile. */
    public Path run() {
        try (StudyLock lock = StudyLock.acquire(out)) {
            Path report = runStages();
            say(String.format("peak resident memory of this process: %,.0f MB", ResidentMemory.peakMb()));
            return report;
        }
    }

    private Path runStages() {
        Map<String, String> fingerprints = new LinkedHashMap<>();
        List<String> models = new ArrayList<>();
        for (Mode mode : config.modes()) {
            String data = dataset(mode);
            fingerprints.put("dataset-" + mode.key(), data);
            for (StudyConfig.Cheater cheater : config.cheaters()) {
                String name = cheater.architecture() + "-" + mode.key();
                String trained = train(cheater, mode, name, data);
                trainedModels.put(name, trained);
                fingerprints.put("train-" + name, trained);
                fingerprints.put("evaluate-" + name, evaluate(mode, name, trained));
                fingerprints.put("probe-" + name, probe(cheater, mode, name, trained));
                fingerprints.put("explain-" + name, explain(mode, name, trained));
                fingerprints.put("attack-" + name, attack(mode, name, trained,
                        cheater.architecture().equals(shortcutCheater(mode))));
                models.add(name);
            }
            fingerprints.put("debias-" + mode.key(), debias(mode, data));
            fingerprints.put("decompose-" + mode.key(), decompose(mode));
        }
        return report(models, fingerprints);
    }

    private String dataset(Mode mode) {
        String stage = "dataset-" + mode.key();
        Map<String, Object> inputs = Map.of("generator", config.generator(mode), "trainSubset", config.trainSubset(),
                "testSubset", config.testSubset());
        String fingerprint = Ledger.fingerprint(inputs);
        Path dir = dataDir(mode);
        return stage(stage, "dataset", fingerprint, List.of(relative(dir)), () -> {
            ColoredDataset dataset = ColoredMnistGenerator.generate(mnist(), config.generator(mode));
            DatasetStore.write(dir, dataset, mnist().fingerprints(), COMMAND, false);
            ContactSheet.write(dir.resolve("contact-sheet.png"), dataset.train(), config.generator(mode).palette(),
                    "Colored-MNIST, " + mode.key() + " mode: rows digits, columns palette colours");
        });
    }

    private String train(StudyConfig.Cheater cheater, Mode mode, String name, String dataFingerprint) {
        String fingerprint = Ledger.fingerprint(Map.of("recipe", cheater, "seed", config.seed(), "data", dataFingerprint));
        Path dir = modelDir(name);
        return stage("train-" + name, "train", fingerprint, List.of(relative(dir.resolve(ModelStore.CARD))), () -> {
            Path data = dataDir(mode);
            ColoredSplit train = DatasetStore.read(data, ColoredDataset.TRAIN);
            ColoredSplit val = DatasetStore.read(data, ColoredDataset.VAL);
            // A checkpoint left by a killed run of the same recipe is continued, not thrown away.
            new Training(cheater.trainConfig(config.seed()), new CrossEntropy(), quiet).run(train, val,
                    Training.DataSource.of(data), dir, name, true, COMMAND);
        });
    }

    private String evaluate(Mode mode, String name, String trainFingerprint) {
        String fingerprint = Ledger.fingerprint(Map.of("model", trainFingerprint));
        Path dir = modelDir(name).resolve(EvaluateTask.FOLDER);
        return stage("evaluate-" + name, "evaluate", fingerprint, List.of(relative(dir.resolve(EvaluationFiles.METRICS))),
                () -> {
                    try (Subject subject = Subject.open(modelDir(name), dataDir(mode))) {
                        EvaluateTask.run(subject, List.of(ColoredDataset.VAL, ColoredDataset.HARD), null, COMMAND);
                    }
                });
    }

    private String probe(StudyConfig.Cheater cheater, Mode mode, String name, String trainFingerprint) {
        StudyConfig.Probe options = config.probe();
        if (Probing.stages(Architecture.of(cheater.architecture()).build()).isEmpty()) {
            return "";
        }
        String fingerprint = Ledger.fingerprint(Map.of("model", trainFingerprint, "probe", options, "seed", config.seed()));
        Path dir = modelDir(name).resolve(ProbeTask.FOLDER);
        return stage("probe-" + name, "probe", fingerprint, List.of(relative(dir.resolve(ProbeFiles.JSON))), () -> {
            Render d = Render.DEFAULT;
            Render render = new Render(options.steps(), options.learningRate(), d.jitter(), d.scale(), d.decay(),
                    d.totalVariation(), d.blurEvery(), Parametrisation.parse(options.parametrisation()), config.seed());
            ProbeTask.Options probe = new ProbeTask.Options(ColoredDataset.HARD, options.k(),
                    Unit.parse(options.objective()), render, Set.of("top", "maximise"), 0, new int[] {1});
            try (Subject subject = Subject.open(modelDir(name), dataDir(mode))) {
                ProbeTask.run(subject, probe, null, COMMAND);
            }
        });
    }

    private String explain(Mode mode, String name, String trainFingerprint) {
        StudyConfig.Explain options = config.explain();
        String fingerprint = Ledger.fingerprint(Map.of("model", trainFingerprint, "explain", options));
        Path dir = modelDir(name).resolve(ExplainTask.FOLDER);
        return stage("explain-" + name, "explain", fingerprint, List.of(relative(dir.resolve(ExplainFiles.JSON))), () -> {
            ExplainTask.Options explain = new ExplainTask.Options(ColoredDataset.HARD, options.methods(), null,
                    Target.PREDICTED, options.images(), null, IntegratedGradients.Baseline.parse(options.baseline()),
                    options.steps(), options.strokeThreshold(), true);
            try (Subject subject = Subject.open(modelDir(name), dataDir(mode))) {
                ExplainTask.run(subject, explain, null, COMMAND, r -> { });
            }
        });
    }

    /** The architecture each mode's shortcut is shown on: the lazy CNN in background mode, the coarse CNN in foreground. */
    String shortcutCheater(Mode mode) {
        String wanted = mode == Mode.BACKGROUND ? Architecture.LAZY.key() : Architecture.COARSE.key();
        return config.cheaters().stream().map(StudyConfig.Cheater::architecture).filter(wanted::equals).findFirst()
                .orElse(config.cheaters().isEmpty() ? wanted : config.cheaters().get(0).architecture());
    }

    private String attack(Mode mode, String name, String trainFingerprint, boolean matrix) {
        Cloak.Plan plan = config.attacks().plan(matrix);
        String fingerprint = Ledger.fingerprint(Map.of("model", trainFingerprint, "attacks", config.attacks(),
                "matrix", matrix));
        Path dir = modelDir(name).resolve(AttackTask.FOLDER);
        return stage("attack-" + name, "attack", fingerprint, List.of(relative(dir.resolve(AttackFiles.JSON))), () -> {
            try (Subject subject = Subject.open(modelDir(name), dataDir(mode))) {
                AttackTask.run(subject, ColoredDataset.VAL, plan, null, COMMAND);
            }
        });
    }

    /** Every debiasing method and seed (the first seed's model attacked too), then their table in debias/<mode>/. */
    private String debias(Mode mode, String dataFingerprint) {
        StudyConfig.Debias options = config.debias();
        List<String> runs = new ArrayList<>();
        List<String> resultFiles = new ArrayList<>();
        List<String> attacks = new ArrayList<>();
        for (String key : options.methods()) {
            Debiasing.Method method = Debiasing.Method.of(key);
            for (int s = 0; s < options.seeds(); s++) {
                long seed = config.seed() + s;
                String name = "debias-" + method.key + "-s" + seed + "-" + mode.key();
                Path dir = modelDir(name);
                Path result = dir.resolve(DEBIAS_RESULT);
                String fingerprint = Ledger.fingerprint(Map.of("method", method.key, "seed", seed, "options",
                        options.options(), "data", dataFingerprint, "result", DebiasTable.FORMAT));
                String trained = stage(name, "debias", fingerprint, List.of(relative(result)), () -> {
                    Path data = dataDir(mode);
                    DebiasTable.Seed r = Debiasing.run(method, options.options(), seed, mode,
                            DatasetStore.read(data, ColoredDataset.TRAIN), DatasetStore.read(data, ColoredDataset.VAL),
                            DatasetStore.read(data, ColoredDataset.HARD), Training.DataSource.of(data),
                            dir, name, COMMAND, quiet);
                    Json.write(result, r);
                });
                runs.add(trained);
                resultFiles.add(relative(result));
                trainedModels.put(name, trained);
                if (s == 0) {
                    attacks.add(attack(mode, name, trained, false));
                    debiased.add(name);
                }
            }
        }
        Path table = out.resolve("debias").resolve(mode.key());
        String tabled = stage("debias-table-" + mode.key(), "debias", Ledger.fingerprint(runs),
                List.of(relative(table.resolve(DebiasTable.JSON))), () -> {
                    List<DebiasTable.Seed> seeds = resultFiles.stream()
                            .map(f -> Json.read(out.resolve(f), DebiasTable.Seed.class)).toList();
                    DebiasTable.write(table, seeds, Map.of("command", COMMAND, "options", options));
                });
        return Ledger.fingerprint(List.of(tabled, attacks));
    }

    /** Sparse autoencoders on the mode's shortcut cheater and on its best debiased model (chosen on validation). */
    private String decompose(Mode mode) {
        List<String> names = new ArrayList<>();
        names.add(shortcutCheater(mode) + "-" + mode.key());
        Path table = out.resolve("debias").resolve(mode.key()).resolve(DebiasTable.JSON);
        if (java.nio.file.Files.isRegularFile(table)) {
            DebiasTable.best(table).ifPresent(method -> names.add("debias-" + method + "-s" + config.seed() + "-"
                    + mode.key()));
        }
        decomposed.put(mode.key(), names);
        List<String> done = new ArrayList<>();
        for (String name : names) {
            String fingerprint = Ledger.fingerprint(Map.of("model", trainedModels.get(name), "decompose",
                    config.decompose(), "seed", config.seed()));
            Path model = modelDir(name);
            done.add(stage("decompose-" + name, "decompose", fingerprint, List.of(relative(model.resolve("decompose")
                    .resolve(DecomposeFiles.DECOMPOSED))), () -> {
                        try (Subject subject = Subject.open(model, dataDir(mode))) {
                            Decomposition.Result r = DecomposeTask.run(subject, null, null,
                                    config.decompose().options(config.seed()), ColoredDataset.TRAIN, null, COMMAND, quiet);
                            Json.write(model.resolve("decompose").resolve(DecomposeFiles.DECOMPOSED),
                                    Map.of("stage", r.stage()));
                        }
                    }));
        }
        return Ledger.fingerprint(done);
    }

    private Path report(List<String> models, Map<String, String> upstream) {
        Path index = out.resolve("report").resolve(StudyReport.INDEX);
        String fingerprint = Ledger.fingerprint(Map.of("upstream", upstream, "config", config));
        stage("report", "report", fingerprint, List.of(relative(index)), () -> {
            List<StudyReport.StageTime> all = new ArrayList<>(times);
            StudyReport.write(out, config, config.modes().stream().map(Mode::key).toList(), models, debiased, decomposed,
                    all);
        });
        return index;
    }

    /** Runs a stage unless it is up to date; returns its fingerprint for the stages downstream. */
    private String stage(String stage, String kind, String fingerprint, List<String> outputs, Runnable work) {
        if (!force.contains(kind) && ledger.upToDate(stage, fingerprint)) {
            Ledger.Entry entry = ledger.entry(stage);
            double seconds = entry.seconds();
            times.add(new StudyReport.StageTime(stage, seconds, entry.peakMb(), true));
            say(String.format("[skip] %-36s up to date (took %.1f s when it ran)", stage, seconds));
            return fingerprint;
        }
        say(String.format("[run ] %s", stage));
        long start = System.nanoTime();
        ResidentMemory.Sampler memory = new ResidentMemory.Sampler();
        double peakMb;
        try {
            work.run();
        } finally {
            peakMb = memory.stop();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        ledger.record(stage, fingerprint, outputs, seconds, peakMb);
        times.add(new StudyReport.StageTime(stage, seconds, peakMb, false));
        say(String.format("[done] %-36s %6.1f s   peak resident %,.0f MB", stage, seconds, peakMb));
        return fingerprint;
    }

    private Mnist mnist() {
        if (mnist == null) {
            mnist = mnistSource.get().head(config.trainSubset(), config.testSubset());
        }
        return mnist;
    }

    private Path dataDir(Mode mode) {
        return out.resolve("data").resolve(mode.key());
    }

    private Path modelDir(String name) {
        return out.resolve("models").resolve(name);
    }

    private String relative(Path p) {
        return out.relativize(p).toString();
    }

    private void say(String line) {
        if (!quiet) {
            System.out.println(line);
        }
    }
}
