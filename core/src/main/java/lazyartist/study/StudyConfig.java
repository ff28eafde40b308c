package lazyartist.study;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import lazyartist.LabException;
import lazyartist.attack.Attack;
import lazyartist.attack.Cloak;
import lazyartist.attack.Loss;
import lazyartist.attack.Norm;
import lazyartist.attack.Settings;
import lazyartist.attack.Suite;
import lazyartist.data.GeneratorConfig;
import lazyartist.data.HardPolicy;
import lazyartist.data.Mode;
import lazyartist.data.Palette;
import lazyartist.decompose.SaeOptions;
import lazyartist.model.Architecture;
import lazyartist.task.ExplainTask;
import lazyartist.model.Optimiser;
import lazyartist.train.Debiasing;
import lazyartist.train.TrainConfig;

/**
 * Every option of every stage of the study, with defaults that fit the 20-minute budget on two
 * cores. {@code lazy-artist study --print-config} writes them out; {@code --config} reads them back.
 *
 * @param modes the data set modes to run (the default study runs one)
 * @param trainSubset MNIST training digits to use, 0 for all (the quick study uses a few thousand)
 * @param testSubset MNIST test digits to use, 0 for all
 * @param cheaters the networks trained on the easy split and measured on the hard one
 * @param sanity the sanity checks of the map methods, on each mode's shortcut cheater and best debiased model
 * @param attacks every model's attack stage
 * @param headlineAttacks the attack stage of each mode's shortcut cheater and best debiased model, whose push
 *     the report compares
 */
public record StudyConfig(long seed, List<Mode> modes, double bias, double valFraction, HardPolicy hardPolicy,
        int trainSubset, int testSubset, List<Cheater> cheaters, Probe probe, Explain explain,
        ExplainTask.Sanity sanity, DebiasSettings debias, Attacks attacks, Attacks headlineAttacks,
        DecomposeSettings decompose) {

    /** The prober: top-activating hard digits and activation maximisation for every feature-map stage. */
    public record Probe(int k, String objective, int steps, double learningRate, String parametrisation) {

        public Probe {
            lazyartist.probe.Unit.parse(objective);
            lazyartist.probe.Parametrisation.parse(parametrisation);
            if (k < 1 || steps < 0 || !(learningRate > 0)) {
                throw new LabException("probe.k must be ≥ 1, probe.steps ≥ 0 and probe.learningRate > 0");
            }
        }
    }

    static final Probe PROBE = new Probe(16, "mean", 96, 0.05, "pixels");


    /**
     * An attack stage: each model's first validation digits {@code from} attacked toward {@code to}
     * by every attack (and the suite, if named) in every norm at its ε; success-vs-ε curves over each
     * norm's grid, each image's minimal ε, untargeted robust accuracy, universal perturbations at the
     * {@code universal} L∞ budgets, and for each mode's shortcut cheater the 10 × 10 source→target matrix.
     *
     * @param suite the suite (reliable), or null for none
     * @param searchQueries Square's queries per image in the curves, the search and the robust accuracy
     */
    public record Attacks(List<String> methods, String suite, List<String> norms, int from, int to, double epsilon,
            double l2Epsilon, int steps, int restarts, int queries, int searchQueries, String loss, double confidence,
            int images, List<Double> epsilons, List<Double> l2Epsilons, boolean minimalEpsilon, int searchImages,
            int robustImages, List<Double> universal, int matrixImages) {

        public Attacks {
            // Fields are assigned after a compact constructor's body: validate the parameters.
            plan(methods, suite, norms, from, to, epsilon, l2Epsilon, steps, restarts, queries, searchQueries, loss,
                    confidence, images, epsilons, l2Epsilons, minimalEpsilon, searchImages, robustImages, universal,
                    true, matrixImages);
        }

        /** The plan of one model's attack stage; {@code matrix} for the shortcut cheaters. */
        public Cloak.Plan plan(boolean matrix) {
            return plan(methods, suite, norms, from, to, epsilon, l2Epsilon, steps, restarts, queries, searchQueries,
                    loss, confidence, images, epsilons, l2Epsilons, minimalEpsilon, searchImages, robustImages,
                    universal, matrix, matrixImages);
        }

        private static Cloak.Plan plan(List<String> methods, String suite, List<String> norms, int from, int to,
                double epsilon, double l2Epsilon, int steps, int restarts, int queries, int searchQueries, String loss,
                double confidence, int images, List<Double> epsilons, List<Double> l2Epsilons, boolean minimalEpsilon,
                int searchImages, int robustImages, List<Double> universal, boolean matrix, int matrixImages) {
            Settings settings = Settings.DEFAULTS.withSteps(steps).withRestarts(restarts).withQueries(queries)
                    .withLoss(Loss.parse(loss)).withConfidence(confidence);
            Cloak.Options options = new Cloak.Options(from, to, epsilon, l2Epsilon, settings, images);
            return new Cloak.Plan(options, methods.stream().map(Attack::of).toList(),
                    norms.stream().map(Norm::parse).toList(), suite == null ? null : Suite.of(suite), epsilons,
                    l2Epsilons, minimalEpsilon, searchImages, searchQueries, robustImages, universal, matrix,
                    matrixImages);
        }
    }

    /**
     * Every model's attack stage: FGSM, PGD (margin loss, three starts) and DeepFool in L∞, as the
     * original studies did; the headline models get {@link #HEADLINE_ATTACKS} instead.
     */
    static final Attacks ATTACKS = new Attacks(List.of("fgsm", "pgd", "deepfool"), null, List.of("linf"), 7, 3,
            0.05, 1.0, 40, 3, 5000, 1000, "margin", 0.9, 100, Norm.LINF.grid, Norm.L2.grid, true, 50, 0,
            List.of(0.05, 0.1), 20);

    /**
     * The attack stage of the models the cloak's headline compares (each mode's shortcut cheater and its
     * best debiased model): every attack and the reliable suite in L∞ and L2, untargeted robust accuracy.
     * Square runs in the suite only, AutoAttack's way, on what APGD-CE and APGD-DLR left: with its
     * 5,000 queries at ε and 1,000 in the curves and the search.
     */
    static final Attacks HEADLINE_ATTACKS = new Attacks(List.of("fgsm", "pgd", "deepfool", "apgd-ce", "apgd-dlr"),
            "reliable", List.of("linf", "l2"), 7, 3, 0.05, 1.0, 100, 1, 5000, 1000, "margin", 0.9, 100,
            Norm.LINF.grid, Norm.L2.grid, true, 50, 100, List.of(0.05, 0.1), 20);

    /**
     * The interrogation: attribution methods run on the first {@code images} hard digits of every
     * model that has a convolutional stage, and {@code headlineMethods} too on each mode's shortcut
     * cheater and best debiased model, the models whose maps are sanity-checked (the gradient-free and
     * smoothed methods cost tens of passes per map).
     */
    public record Explain(List<String> methods, List<String> headlineMethods, int images, String baseline, int steps,
            double strokeThreshold) {

        public Explain {
            if (headlineMethods == null) {
                headlineMethods = List.of();
            }
            if (images < 1) {
                throw new LabException("explain.images must be at least 1, got " + images);
            }
            for (String m : java.util.stream.Stream.concat(methods.stream(), headlineMethods.stream()).toList()) {
                if (!lazyartist.explain.Methods.NAMES.contains(m)) {
                    throw new LabException("unknown explain method '" + m + "'; choose from "
                            + lazyartist.explain.Methods.NAMES);
                }
            }
            lazyartist.explain.IntegratedGradients.Baseline.parse(baseline);
        }

        /** The methods a model gets: all of them for a headline model. */
        public List<String> methods(boolean headline) {
            return headline ? java.util.stream.Stream.concat(methods.stream(), headlineMethods.stream()).distinct()
                    .toList() : methods;
        }
    }

    static final Explain EXPLAIN = new Explain(List.of("gradcam", "gradcam++", "hirescam", "saliency", "gradxinput",
            "integrated-gradients"), List.of("scorecam", "smoothgrad", "smoothgrad-sq", "occlusion"), 500, "black", 64,
            lazyartist.explain.StrokeShare.DEFAULT_THRESHOLD);

    /** One network trained with plain cross-entropy, with its recipe. */
    public record Cheater(String architecture, Optimiser.Kind optimiser, double learningRate, double momentum,
            double weightDecay, int batchSize, int epochs, int patience, TrainConfig.Schedule schedule) {

        public Cheater {
            if (schedule == null) {
                schedule = TrainConfig.Schedule.CONSTANT;
            }
        }

        /** The architecture's default recipe ({@link TrainConfig#defaults}). */
        static Cheater of(Architecture architecture) {
            TrainConfig c = TrainConfig.defaults(architecture);
            return new Cheater(c.architecture(), c.optimiser(), c.learningRate(), c.momentum(), c.weightDecay(),
                    c.batchSize(), c.epochs(), c.patience(), c.schedule());
        }

        /** The training config of this recipe under a seed. */
        public TrainConfig trainConfig(long seed) {
            return new TrainConfig(architecture, epochs, batchSize, optimiser, learningRate, weightDecay, momentum, seed,
                    patience, schedule);
        }
    }

    public StudyConfig {
        if (modes == null || modes.isEmpty()) {
            throw new LabException("the study config needs at least one mode (background or foreground)");
        }
        if (cheaters == null) {
            cheaters = List.of();
        }
        if (trainSubset < 0 || testSubset < 0) {
            throw new LabException("trainSubset and testSubset must be ≥ 0 (0 means all of MNIST)");
        }
        new GeneratorConfig(modes.get(0), bias, valFraction, hardPolicy, seed, Palette.defaults());
        cheaters.forEach(c -> c.trainConfig(seed));
        if (probe == null) {
            probe = PROBE;
        }
        if (explain == null) {
            explain = EXPLAIN;
        }
        if (sanity == null) {
            sanity = ExplainTask.Sanity.DEFAULTS;
        }
        if (debias == null) {
            debias = DebiasSettings.DEFAULTS;
        }
        if (attacks == null) {
            attacks = ATTACKS;
        }
        if (headlineAttacks == null) {
            headlineAttacks = HEADLINE_ATTACKS;
        }
        if (decompose == null) {
            decompose = DecomposeSettings.DEFAULTS;
        }
    }

    static final Cheater LAZY = Cheater.of(Architecture.LAZY);
    static final Cheater COARSE = Cheater.of(Architecture.COARSE);
    static final Cheater MLP = Cheater.of(Architecture.MLP);
    static final Cheater PYTORCH_EXAMPLE = Cheater.of(Architecture.PYTORCH_EXAMPLE);
    static final Cheater ROBUST = Cheater.of(Architecture.ROBUST);
    static final Cheater RESNET18 = Cheater.of(Architecture.RESNET18);

    /** The default study: background mode, the architectures that fit the time budget. */
    public static StudyConfig defaults() {
        return new StudyConfig(GeneratorConfig.DEFAULT_SEED, List.of(Mode.BACKGROUND), GeneratorConfig.DEFAULT_BIAS,
                GeneratorConfig.DEFAULT_VAL_FRACTION, HardPolicy.NEVER, 0, 0, List.of(LAZY, COARSE, MLP, PYTORCH_EXAMPLE,
                        ROBUST),
                PROBE, EXPLAIN, ExplainTask.Sanity.DEFAULTS, DebiasSettings.DEFAULTS, ATTACKS, HEADLINE_ATTACKS, DecomposeSettings.DEFAULTS);
    }

    /** Everything: both modes and every architecture, however long it takes. */
    public static StudyConfig full() {
        StudyConfig d = defaults();
        return new StudyConfig(d.seed, List.of(Mode.BACKGROUND, Mode.FOREGROUND), d.bias, d.valFraction, d.hardPolicy,
                0, 0, List.of(LAZY, COARSE, MLP, PYTORCH_EXAMPLE, ROBUST, RESNET18), d.probe, d.explain, d.sanity,
                new DebiasSettings(DebiasSettings.ALL, 3, DebiasSettings.DEFAULTS.options().withEpochs(3, 6), Map.of()),
                d.attacks, d.headlineAttacks, d.decompose);
    }

    /** A smoke run: a subset of MNIST, short trainings, the lazy and robust networks. */
    public static StudyConfig quick() {
        StudyConfig d = defaults();
        // On a few thousand digits the lazy CNN needs a faster step to learn even the colour.
        Cheater lazy = new Cheater("lazy", Optimiser.Kind.ADAM, 1e-3, 0.9, 0, 64, 2, 2, null);
        Cheater robust = new Cheater("robust", Optimiser.Kind.ADAM, 1e-3, 0.9, 0, 64, 1, 1, null);
        Explain explain = new Explain(List.of("gradcam", "gradxinput", "integrated-gradients"), List.of("occlusion"), 100,
                "black", 16,
                d.explain.strokeThreshold());
        DebiasSettings debias = new DebiasSettings(List.of("batchnorm", "penalty", "jtt"), 1,
                Debiasing.Options.DEFAULTS.withEpochs(1, 2).withExplainImages(100), Map.of());
        return new StudyConfig(d.seed, d.modes, d.bias, d.valFraction, d.hardPolicy, 4000, 1000, List.of(lazy, robust),
                new Probe(8, "mean", 16, 0.05, "pixels"), explain,
                ExplainTask.Sanity.DEFAULTS.withImages(20).withLabels(128, 5)
                        .withMethods(List.of("gradcam", "gradxinput", "occlusion")), debias,
                new Attacks(d.attacks.methods(), null, List.of("linf"), 7, 3, 0.05, 1.0, 10, 1, 100, 100, "margin",
                        0.9, 20, List.of(0.05, 0.2), List.of(), true, 20, 0, List.of(0.1), 4),
                new Attacks(d.headlineAttacks.methods(), "reliable", List.of("linf", "l2"), 7, 3, 0.05, 1.0, 10, 1,
                        100, 100, "margin", 0.9, 10, List.of(0.05, 0.2), List.of(1.0, 3.0), true, 10, 10, List.of(0.1),
                        4),
                new DecomposeSettings(SaeOptions.DEFAULT_KIND.key(), 16, SaeOptions.DEFAULT_L1, 2, 2, 256, 1e-3,
                        List.of(8, 16)));
    }

    /** The architecture each mode's shortcut is shown on: the lazy CNN in background mode, the coarse CNN in foreground. */
    public String shortcutCheater(Mode mode) {
        String wanted = mode == Mode.BACKGROUND ? Architecture.LAZY.key() : Architecture.COARSE.key();
        return cheaters.stream().map(Cheater::architecture).filter(wanted::equals).findFirst()
                .orElse(cheaters.isEmpty() ? wanted : cheaters.get(0).architecture());
    }

    /** The generator config for one mode. */
    public GeneratorConfig generator(Mode mode) {
        return new GeneratorConfig(mode, bias, valFraction, hardPolicy, seed, Palette.defaults());
    }

    public StudyConfig withSeed(long s) {
        return new StudyConfig(s, modes, bias, valFraction, hardPolicy, trainSubset, testSubset, cheaters, probe,
                explain, sanity, debias, attacks, headlineAttacks, decompose);
    }

    public StudyConfig withModes(List<Mode> m) {
        return new StudyConfig(seed, m, bias, valFraction, hardPolicy, trainSubset, testSubset, cheaters, probe, explain,
                sanity, debias, attacks, headlineAttacks, decompose);
    }

    /**
     * Reads a config file (all of {@code --print-config}'s output, edited, or part of it) over {@code base}
     * ({@link StudyConfigFile}).
     */
    public static StudyConfig load(Path file, StudyConfig base) {
        return StudyConfigFile.read(file, base);
    }
}
