package lazyartist.train;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import lazyartist.LabException;
import lazyartist.data.ColoredSplit;
import lazyartist.data.Mode;
import lazyartist.model.Architecture;
import lazyartist.model.ModelCard;
import lazyartist.model.ModelStore;
import lazyartist.model.Optimiser;
import lazyartist.model.Predictions;

/**
 * The debiasing methods: how each trains on the same biased easy split, with a debiasing objective
 * or architecture. Bias-aware methods know the shortcut is colour; bias-agnostic ones (LfF, JTT, DisEnt)
 * do not.
 */
public final class Debiasing {

    /** The methods, by command-line name. */
    public enum Method {
        VANILLA("vanilla", false), PENALTY("penalty", true), CHANNEL_DIFF("channel-diff", true),
        BALANCE_DROPOUT("balance-dropout", true), BATCHNORM("batchnorm", true), GROUP_BALANCE("group-balance", true),
        GROUP_DRO("group-dro", true), DFR("dfr", true), LFF("lff", false), JTT("jtt", false),
        DISENT("disent", false);

        public final String key;
        public final boolean biasAware;

        Method(String key, boolean biasAware) {
            this.key = key;
            this.biasAware = biasAware;
        }

        public static Method of(String key) {
            for (Method m : values()) {
                if (m.key.equals(key.toLowerCase(Locale.ROOT))) {
                    return m;
                }
            }
            throw new LabException("unknown debiasing method '" + key + "'; choose from " + keys());
        }

        /** Whether the method trains on the validation digits (DFR's refit), so that they no longer measure it. */
        public boolean trainsOnValidation() {
            return this == DFR;
        }

        /** Every method's name, comma-separated. */
        public static String keys() {
            return String.join(", ", java.util.Arrays.stream(values()).map(m -> m.key).toList());
        }
    }

    /**
     * Options shared by the methods; start from {@link #DEFAULTS} and change what differs.
     *
     * @param architecture the network for the objective-based methods (penalty, channel-diff, jtt)
     * @param lffEpochs LfF's and DisEnt's epochs: LfF's weighted loss learns mostly from the few digits the biased twin
     *     gets wrong (mean weight about 0.05), so it needs more passes than the others (background, seed
     *     42: 92.4% of easy validation digits after 3 epochs, 98.0% after 6, validation still rising)
     * @param jttFirstEpochs length of JTT's first, error-finding run
     * @param jttUpweight how many times JTT repeats each training digit its first run got wrong
     * @param explainImages hard digits each trained model's maps are scored on
     */
    public record Options(String architecture, int epochs, int lffEpochs, double learningRate,
            TrainConfig.Schedule schedule, int batchSize, double penaltyLambda, double channelLambda,
            int jttFirstEpochs, int jttUpweight, int explainImages) {

        /** The {@code debias} command's defaults: the RobustCNN, three epochs (LfF six), Adam 1e-3, cosine. */
        public static final Options DEFAULTS = new Options("robust", 3, 6, 1e-3, TrainConfig.Schedule.COSINE, 64,
                0.3, 15, 1, 20, 500);

        public Options {
            Architecture.of(architecture);
            if (epochs < 1 || lffEpochs < 1 || jttFirstEpochs < 1 || jttUpweight < 1 || explainImages < 1) {
                throw new LabException("debias epochs, lffEpochs, jttFirstEpochs, jttUpweight and explainImages"
                        + " must be ≥ 1");
            }
            if (penaltyLambda < 0 || channelLambda < 0) {
                throw new LabException("penalty weights (λ) must be ≥ 0");
            }
        }

        /** The same options with other numbers of epochs. */
        public Options withEpochs(int n, int lff) {
            return new Options(architecture, n, lff, learningRate, schedule, batchSize, penaltyLambda, channelLambda,
                    jttFirstEpochs, jttUpweight, explainImages);
        }

        public Options withArchitecture(String a) {
            return new Options(a, epochs, lffEpochs, learningRate, schedule, batchSize, penaltyLambda, channelLambda,
                    jttFirstEpochs, jttUpweight, explainImages);
        }

        public Options withLearningRate(double lr, TrainConfig.Schedule s) {
            return new Options(architecture, epochs, lffEpochs, lr, s, batchSize, penaltyLambda, channelLambda,
                    jttFirstEpochs, jttUpweight, explainImages);
        }

        public Options withBatchSize(int n) {
            return new Options(architecture, epochs, lffEpochs, learningRate, schedule, n, penaltyLambda, channelLambda,
                    jttFirstEpochs, jttUpweight, explainImages);
        }

        /** The weights of the colour-gradient penalty and of the channel-gradient loss. */
        public Options withLambdas(double penalty, double channel) {
            return new Options(architecture, epochs, lffEpochs, learningRate, schedule, batchSize, penalty, channel,
                    jttFirstEpochs, jttUpweight, explainImages);
        }

        public Options withJtt(int firstEpochs, int upweight) {
            return new Options(architecture, epochs, lffEpochs, learningRate, schedule, batchSize, penaltyLambda,
                    channelLambda, firstEpochs, upweight, explainImages);
        }

        public Options withExplainImages(int n) {
            return new Options(architecture, epochs, lffEpochs, learningRate, schedule, batchSize, penaltyLambda,
                    channelLambda, jttFirstEpochs, jttUpweight, n);
        }

        TrainConfig trainConfig(String arch, long seed) {
            return new TrainConfig(arch, epochs, batchSize, Optimiser.Kind.ADAM, learningRate, 0, 0.9, seed, 3, schedule);
        }
    }

    /** What training a method left: the model in its folder, and the seconds every run of it took. */
    public record Trained(String architecture, double seconds) {}

    private Debiasing() {}

    /** The objective a method trains with. */
    static Objective objective(Method method, Options o, ColoredSplit train, Mode mode) {
        return switch (method) {
            case PENALTY -> new ColourGradientPenalty(o.penaltyLambda(), new Recolouring(train, mode));
            case CHANNEL_DIFF -> new ChannelGradientLoss(o.channelLambda(), new Recolouring(train, mode));
            case GROUP_BALANCE -> new GroupBalance(train);
            case GROUP_DRO -> new GroupDro(GroupDro.DEFAULT_STEP_SIZE);
            case LFF -> new LearningFromFailure(train);
            case DISENT -> new DisEnt(train);
            default -> new CrossEntropy();
        };
    }

    /** How a method trains: LfF and DisEnt, which learn mostly from their few reweighted digits, for longer. */
    static TrainConfig trainConfig(Method method, Options o, long seed) {
        TrainConfig config = o.trainConfig(architecture(method, o), seed);
        return method == Method.LFF || method == Method.DISENT ? config.withEpochs(o.lffEpochs()) : config;
    }

    /** The architecture a method trains. */
    public static String architecture(Method method, Options o) {
        return switch (method) {
            case BATCHNORM -> Architecture.ROBUST.key();
            case BALANCE_DROPOUT -> Architecture.BALANCE_DROPOUT.key();
            case DISENT -> Architecture.of(o.architecture()).twinned().key();
            default -> o.architecture();
        };
    }

    /**
     * Trains one method with one seed into {@code dir}; {@code mode} says where the colour lives,
     * {@code command} goes in the model cards. JTT's first, error-finding run goes into {@code firstRun};
     * {@code selection} says which epoch every run keeps.
     */
    public static Trained train(Method method, Options o, long seed, Mode mode, ColoredSplit train, ColoredSplit val,
            Training.DataSource data, Path dir, String name, Path firstRun, Training.Selection selection,
            String command, boolean quiet) {
        TrainConfig config = trainConfig(method, o, seed);
        ColoredSplit trainOn = train;
        double extraSeconds = 0;
        if (method == Method.JTT) {
            Training.Result r = new Training(config.withEpochs(o.jttFirstEpochs()), new CrossEntropy(), quiet)
                    .role(ModelCard.Role.AUXILIARY, method.key).select(selection)
                    .run(train, val, data, firstRun, firstRun.getFileName().toString(), true, command);
            extraSeconds = r.seconds();
            trainOn = upweightErrors(firstRun, train, o.jttUpweight());
        }
        Training.Result result = new Training(config, objective(method, o, trainOn, mode), quiet)
                .role(ModelCard.Role.DEBIASED, method.key).select(selection)
                .run(trainOn, val, data, dir, name, true, command);
        if (method == Method.DFR) {
            long start = System.nanoTime();
            refitHead(dir, result.card(), val, seed);
            extraSeconds += (System.nanoTime() - start) / 1e9;
        }
        return new Trained(config.architecture(), result.seconds() + extraSeconds);
    }

    /** DFR's second step: the trained model's head refitted on group-balanced validation digits. */
    private static void refitHead(Path dir, ModelCard card, ColoredSplit heldOut, long seed) {
        try (NDManager manager = NDManager.newBaseManager()) {
            var net = ModelStore.load(dir, manager).net();
            LastLayerRetraining.Refit refit = LastLayerRetraining.refit(net, heldOut, seed, manager);
            java.util.Map<String, Object> training = new java.util.LinkedHashMap<>(card.training());
            training.put("lastLayerRetraining", refit.card());
            // The refitted head has seen the validation digits: its validation accuracy is no longer held out.
            java.util.Map<String, Object> metrics = new java.util.LinkedHashMap<>(card.metrics());
            metrics.put("valAccuracyBeforeRefit", metrics.remove("valAccuracy"));
            ModelStore.save(dir, net, new ModelCard(card.name(), card.architecture(), card.layers(), card.inputShape(),
                    card.trainedBatches(), training, card.data(), metrics, card.command(), card.versions(),
                    card.role(), card.method()));
        }
    }

    /** JTT's second training set: every digit once, plus (upweight − 1) more copies of each first-run error. */
    static ColoredSplit upweightErrors(Path firstModel, ColoredSplit train, int upweight) {
        int[] predicted;
        try (NDManager manager = NDManager.newBaseManager()) {
            predicted = Predictions.of(ModelStore.load(firstModel, manager).net(), train).predicted();
        }
        List<Integer> indices = new ArrayList<>();
        for (int i = 0; i < train.size(); i++) {
            int copies = predicted[i] == train.labels()[i] ? 1 : upweight;
            for (int c = 0; c < copies; c++) {
                indices.add(i);
            }
        }
        return train.subset("train-jtt", indices.stream().mapToInt(Integer::intValue).toArray());
    }
}
