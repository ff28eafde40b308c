package lazyartist.study;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import lazyartist.OptionException;
import lazyartist.attack.Cloak;
import lazyartist.data.ColoredDataset;
import lazyartist.data.ColoredMnistGenerator;
import lazyartist.data.ColoredSplit;
import lazyartist.data.DatasetStore;
import lazyartist.data.Mnist;
import lazyartist.data.Mode;
import lazyartist.explain.IntegratedGradients;
import lazyartist.explain.MapSettings;
import lazyartist.figures.ContactSheet;
import lazyartist.io.Json;
import lazyartist.io.ResidentMemory;
import lazyartist.model.Architecture;
import lazyartist.model.ModelCard;
import lazyartist.model.ModelStore;
import lazyartist.probe.Probing;
import lazyartist.probe.Render;
import lazyartist.probe.Unit;
import lazyartist.report.StudyReport;
import lazyartist.task.AttackFiles;
import lazyartist.task.AttackTask;
import lazyartist.task.DebiasTable;
import lazyartist.task.DebiasTask;
import lazyartist.task.EvaluateTask;
import lazyartist.task.EvaluationFiles;
import lazyartist.task.ExplainFiles;
import lazyartist.task.ExplainTask;
import lazyartist.task.ProbeFiles;
import lazyartist.task.ProbeTask;
import lazyartist.task.RunLayout;
import lazyartist.task.SanityFiles;
import lazyartist.task.Subject;
import lazyartist.train.CrossEntropy;
import lazyartist.train.Training;

/**
 * Runs the study end to end into one folder: data set, cheaters, their analyses, the debiasing
 * table, the decompositions, the report. Each stage calls its task's service; a stage is skipped
 * when its inputs are unchanged and its outputs exist, so a rerun or a resumed run only does what is missing.
 */
public final class Study {

    /** Names of the stages, in order; {@code --force} takes them. */
    public static final List<String> STAGES = List.of("dataset", "train", "evaluate", "probe", "explain", "attack",
            "debias", "sanity", "decompose", "report");

    /** What the study's artifacts say made them; its whole configuration is in the report's appendix. */
    private static final String COMMAND = "lazy-artist study";

    private final StudyConfig config;
    private final RunLayout layout;
    private final Supplier<Mnist> mnistSource;
    private final StageRunner stages;
    private final boolean quiet;
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
                throw new OptionException("unknown stage '" + stage + "' for {force}; stages are " + STAGES);
            }
        }
        this.config = config;
        this.layout = new RunLayout(out);
        this.mnistSource = mnist;
        this.stages = new StageRunner(out, force, quiet);
        this.quiet = quiet;
    }

    /** Runs every stage and returns the report's path; the folder is locked meanwhile. */
    public Path run() {
        try (StudyLock lock = StudyLock.acquire(layout.root())) {
            if (!quiet) {
                StudyPlan.announce(config, layout, stages);
            }
            Path report = runStages();
            stages.say(String.format("peak resident memory of this process: %,.0f MB", ResidentMemory.peakMb()));
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
                String name = RunLayout.cheater(cheater.architecture(), mode);
                String trained = train(cheater, mode, name, data);
                trainedModels.put(name, trained);
                fingerprints.put("train-" + name, trained);
                fingerprints.put("evaluate-" + name, evaluate(mode, name, trained));
                fingerprints.put("probe-" + name, probe(cheater, mode, name, trained));
                boolean shortcut = cheater.architecture().equals(config.shortcutCheater(mode));
                fingerprints.put("explain-" + name, explain(mode, name, trained, shortcut));
                fingerprints.put("attack-" + name, attack(mode, name, trained, shortcut, shortcut));
                models.add(name);
            }
            fingerprints.put("debias-" + mode.key(), debias(mode, data));
            fingerprints.put("sanity-" + mode.key(), sanity(mode));
            fingerprints.put("decompose-" + mode.key(), decompose(mode));
        }
        return report(models, fingerprints);
    }

    private String dataset(Mode mode) {
        Map<String, Object> inputs = Map.of("generator", config.generator(mode), "trainSubset", config.trainSubset(),
                "testSubset", config.testSubset());
        Path dir = layout.data(mode);
        return stages.run("dataset-" + mode.key(), "dataset", Ledger.fingerprint(inputs), List.of(dir), () -> {
            ColoredDataset dataset = ColoredMnistGenerator.generate(mnist(), config.generator(mode));
            DatasetStore.write(dir, dataset, mnist().fingerprints(), COMMAND, false);
            ContactSheet.write(dir.resolve("contact-sheet.png"), dataset.train(), config.generator(mode).palette(),
                    "Colored-MNIST, " + mode.key() + " mode: rows digits, columns palette colours");
        });
    }

    private String train(StudyConfig.Cheater cheater, Mode mode, String name, String dataFingerprint) {
        String fingerprint = Ledger.fingerprint(Map.of("recipe", cheater, "seed", config.seed(), "data", dataFingerprint));
        Path dir = layout.model(name);
        return stages.run("train-" + name, "train", fingerprint, List.of(dir.resolve(ModelStore.CARD)), () -> {
            Path data = layout.data(mode);
            ColoredSplit train = DatasetStore.read(data, ColoredDataset.TRAIN);
            ColoredSplit val = DatasetStore.read(data, ColoredDataset.VAL);
            // A checkpoint left by a killed run of the same recipe is continued, not thrown away.
            new Training(cheater.trainConfig(config.seed()), new CrossEntropy(), quiet)
                    .role(ModelCard.Role.PLAIN, null)
                    .run(train, val, Training.DataSource.of(data), dir, name, true, COMMAND);
        });
    }

    private String evaluate(Mode mode, String name, String trainFingerprint) {
        Path out = layout.task(name, EvaluateTask.FOLDER).resolve(EvaluationFiles.METRICS);
        return stages.run("evaluate-" + name, "evaluate", Ledger.fingerprint(Map.of("model", trainFingerprint)),
                List.of(out), () -> {
                    try (Subject subject = Subject.open(layout.model(name), layout.data(mode))) {
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
        Path out = layout.task(name, ProbeTask.FOLDER).resolve(ProbeFiles.JSON);
        return stages.run("probe-" + name, "probe", fingerprint, List.of(out), () -> {
            Render render = Render.DEFAULT.withSteps(options.steps()).withLearningRate(options.learningRate())
                    .withParametrisation(options.parametrisation()).withSeed(config.seed());
            ProbeTask.Options probe = new ProbeTask.Options(ColoredDataset.HARD, options.k(),
                    Unit.parse(options.objective()), render, Set.of("top", "maximise"), 0, new int[] {1});
            try (Subject subject = Subject.open(layout.model(name), layout.data(mode))) {
                ProbeTask.run(subject, probe, null, COMMAND);
            }
        });
    }

    /** A model's maps and their scores: with the headline methods too for the models whose maps are sanity-checked. */
    private String explain(Mode mode, String name, String trainFingerprint, boolean headline) {
        StudyConfig.Explain options = config.explain();
        List<String> methods = options.methods(headline);
        String fingerprint = Ledger.fingerprint(Map.of("model", trainFingerprint, "explain", options, "methods", methods));
        Path out = layout.task(name, ExplainTask.FOLDER).resolve(ExplainFiles.JSON);
        return stages.run("explain-" + name, "explain", fingerprint, List.of(out), () -> {
            ExplainTask.Options explain = ExplainTask.Options.DEFAULTS.withMethods(methods)
                    .withCount(options.images()).withThreshold(options.strokeThreshold()).skippingCam()
                    .withMaps(MapSettings.DEFAULTS.withBaseline(IntegratedGradients.Baseline.parse(options.baseline()))
                            .withSteps(options.steps()));
            try (Subject subject = Subject.open(layout.model(name), layout.data(mode))) {
                ExplainTask.run(subject, explain, null, COMMAND, r -> { });
            }
        });
    }

    /** A model's attack stage: the headline plan for the models the cloak's headline compares, else every model's. */
    private String attack(Mode mode, String name, String trainFingerprint, boolean matrix, boolean headline) {
        StudyConfig.Attacks attacks = headline ? config.headlineAttacks() : config.attacks();
        Cloak.Plan plan = attacks.plan(matrix);
        String fingerprint = Ledger.fingerprint(Map.of("model", trainFingerprint, "attacks", attacks,
                "matrix", matrix));
        Path out = layout.task(name, AttackTask.FOLDER).resolve(AttackFiles.JSON);
        return stages.run("attack-" + name, "attack", fingerprint, List.of(out), () -> {
            try (Subject subject = Subject.open(layout.model(name), layout.data(mode))) {
                AttackTask.run(subject, ColoredDataset.VAL, plan, null, COMMAND);
            }
        });
    }

    /**
     * Every debiasing method and seed, each its own stage, then their table; then the first seed's model of
     * every method is attacked, the best one (on validation) with the headline plan.
     */
    private String debias(Mode mode, String dataFingerprint) {
        DebiasSettings options = config.debias();
        DebiasTask.Plan plan = options.plan(config.seed());
        List<String> runs = new ArrayList<>();
        List<String> firstSeeds = new ArrayList<>();
        DebiasTask.run(plan, layout.data(mode), layout, layout.debiasTable(mode), COMMAND, quiet,
                (method, seed, name, train) -> {
                    Path result = layout.model(name).resolve(RunLayout.DEBIAS_RESULT);
                    String fingerprint = Ledger.fingerprint(Map.of("method", method.key, "seed", seed, "options",
                            plan.optionsFor(method), "data", dataFingerprint, "result", DebiasTable.FORMAT));
                    DebiasTable.Seed r = stages.run(name, "debias", fingerprint, List.of(result), train,
                            () -> Json.read(result, DebiasTable.Seed.class));
                    runs.add(fingerprint);
                    trainedModels.put(name, fingerprint);
                    if (seed == config.seed()) {
                        firstSeeds.add(name);
                    }
                    return r;
                });
        String best = StudyPlan.bestDebiased(config, layout, mode);
        List<String> attacks = new ArrayList<>();
        for (String name : firstSeeds) {
            attacks.add(attack(mode, name, trainedModels.get(name), false, name.equals(best)));
        }
        debiased.addAll(firstSeeds);
        return Ledger.fingerprint(List.of(runs, attacks));
    }

    /**
     * The map methods' sanity checks on the mode's shortcut cheater and its best debiased model, whose maps
     * the explain stage makes first (the cheaters' were made with them).
     */
    private String sanity(Mode mode) {
        List<String> done = new ArrayList<>();
        for (String name : headline(mode)) {
            if (debiased.contains(name)) {
                done.add(explain(mode, name, trainedModels.get(name), true));
            }
            String fingerprint = Ledger.fingerprint(Map.of("model", trainedModels.get(name), "sanity", config.sanity()));
            Path out = layout.task(name, ExplainTask.FOLDER).resolve(SanityFiles.JSON);
            done.add(stages.run("sanity-" + name, "sanity", fingerprint, List.of(out), () -> {
                try (Subject subject = Subject.open(layout.model(name), layout.data(mode))) {
                    ExplainTask.sanity(subject, config.sanity(), null, COMMAND, quiet);
                }
            }));
        }
        return Ledger.fingerprint(done);
    }

    /** The models a mode's headline compares: its shortcut cheater and, once trained, its best debiased model. */
    private List<String> headline(Mode mode) {
        List<String> names = new ArrayList<>();
        names.add(RunLayout.cheater(config.shortcutCheater(mode), mode));
        String best = StudyPlan.bestDebiased(config, layout, mode);
        if (best != null) {
            names.add(best);
        }
        return names;
    }

    /** Sparse autoencoders on the mode's shortcut cheater and on its best debiased model (chosen on validation). */
    private String decompose(Mode mode) {
        List<String> names = headline(mode);
        decomposed.put(mode.key(), names);
        List<String> done = new ArrayList<>();
        for (String name : names) {
            done.addAll(StudyDecomposition.stages(stages, config.decompose(), config.seed(), layout.model(name),
                    layout.data(mode), "-" + name, trainedModels.get(name), quiet, COMMAND));
        }
        return Ledger.fingerprint(done);
    }

    private Path report(List<String> models, Map<String, String> upstream) {
        Path index = layout.report().resolve(StudyReport.INDEX);
        String fingerprint = Ledger.fingerprint(Map.of("upstream", upstream, "config", config));
        stages.run("report", "report", fingerprint, List.of(index), () ->
                StudyReport.write(layout.root(), config, config.modes().stream().map(Mode::key).toList(), models,
                        debiased, decomposed, stages.times()));
        return index;
    }

    private Mnist mnist() {
        if (mnist == null) {
            mnist = mnistSource.get().head(config.trainSubset(), config.testSubset());
        }
        return mnist;
    }
}
