package lazyartist.study;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import lazyartist.LabException;
import lazyartist.data.ColoredSplit;
import lazyartist.data.Mode;
import lazyartist.eval.SplitMetrics;
import lazyartist.explain.Explanation;
import lazyartist.explain.HiResCam;
import lazyartist.explain.GradientTimesInput;
import lazyartist.explain.StrokeShare;
import lazyartist.explain.Target;
import lazyartist.model.Architecture;
import lazyartist.model.ModelStore;
import lazyartist.model.Optimiser;
import lazyartist.model.Predictions;
import lazyartist.model.TappedNetwork;
import lazyartist.report.DebiasTable;
import lazyartist.train.ChannelGradientLoss;
import lazyartist.train.ColourGradientPenalty;
import lazyartist.train.CrossEntropy;
import lazyartist.train.GroupBalance;
import lazyartist.train.LearningFromFailure;
import lazyartist.train.Objective;
import lazyartist.train.Recolouring;
import lazyartist.train.TrainConfig;
import lazyartist.train.Training;

/**
 * The intervention: train on the same biased easy split with a debiasing objective or
 * architecture, then measure on the hard split. Bias-aware methods know the shortcut is colour;
 * bias-agnostic ones (LfF, JTT) do not.
 */
public final class Debiasing {

    /** The methods, by command-line name. */
    public enum Method {
        PENALTY("penalty", true), CHANNEL_DIFF("channel-diff", true), BALANCE_DROPOUT("balance-dropout", true),
        BATCHNORM("batchnorm", true), GROUP_BALANCE("group-balance", true), LFF("lff", false),
        JTT("jtt", false);

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
            throw new LabException("unknown debiasing method '" + key + "'; choose from penalty, channel-diff,"
                    + " balance-dropout, batchnorm, group-balance, lff, jtt");
        }
    }

    /**
     * Options shared by the methods.
     *
     * @param architecture the network for the objective-based methods (penalty, channel-diff, jtt)
     * @param lffEpochs LfF's epochs: its weighted loss learns mostly from the few digits the biased twin
     *     gets wrong (mean weight about 0.05), so it needs more passes than the others (background, seed
     *     42: 92.4% of easy validation digits after 3 epochs, 98.0% after 6, validation still rising)
     * @param jttFirstEpochs length of JTT's first, error-finding run
     * @param jttUpweight how many times JTT repeats each training digit its first run got wrong
     */
    public record Options(String architecture, int epochs, int lffEpochs, double learningRate,
            TrainConfig.Schedule schedule, int batchSize, double penaltyLambda, double channelLambda,
            int jttFirstEpochs, int jttUpweight, int explainImages) {

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

        TrainConfig trainConfig(String arch, long seed) {
            return new TrainConfig(arch, epochs, batchSize, Optimiser.Kind.ADAM, learningRate, 0, 0.9, seed, 3, schedule);
        }
    }

    private Debiasing() {}

    /** The objective a method trains with. */
    static Objective objective(Method method, Options o, ColoredSplit train, Mode mode) {
        return switch (method) {
            case PENALTY -> new ColourGradientPenalty(o.penaltyLambda(), new Recolouring(train, mode));
            case CHANNEL_DIFF -> new ChannelGradientLoss(o.channelLambda(), new Recolouring(train, mode));
            case GROUP_BALANCE -> new GroupBalance(train);
            case LFF -> new LearningFromFailure(train);
            default -> new CrossEntropy();
        };
    }

    /** How a method trains: LfF for its own number of epochs. */
    static TrainConfig trainConfig(Method method, Options o, long seed) {
        TrainConfig config = o.trainConfig(architecture(method, o), seed);
        return method == Method.LFF ? config.withEpochs(o.lffEpochs()) : config;
    }

    /** The architecture a method trains. */
    static String architecture(Method method, Options o) {
        return switch (method) {
            case BATCHNORM -> Architecture.ROBUST.key();
            case BALANCE_DROPOUT -> Architecture.BALANCE_DROPOUT.key();
            default -> o.architecture();
        };
    }

    /**
     * Trains one method with one seed into {@code dir} and measures it; {@code mode} says where the colour
     * lives, {@code command} goes in the model cards.
     */
    public static DebiasTable.Seed run(Method method, Options o, long seed, Mode mode, ColoredSplit train,
            ColoredSplit val, ColoredSplit hard, Training.DataSource data, Path dir, String name, String command,
            boolean quiet) {
        String arch = architecture(method, o);
        TrainConfig config = trainConfig(method, o, seed);
        ColoredSplit trainOn = train;
        double extraSeconds = 0;
        if (method == Method.JTT) {
            Path first = dir.resolveSibling(dir.getFileName() + "-first");
            Training.Result r = new Training(config.withEpochs(o.jttFirstEpochs()), new CrossEntropy(), quiet)
                    .run(train, val, data, first, name + "-first", true, command);
            extraSeconds = r.seconds();
            trainOn = upweightErrors(first, train, o.jttUpweight());
        }
        Training.Result result = new Training(config, objective(method, o, trainOn, mode), quiet)
                .run(trainOn, val, data, dir, name, true, command);
        try (NDManager manager = NDManager.newBaseManager()) {
            TappedNetwork net = ModelStore.load(dir, manager).net();
            SplitMetrics hardMetrics = SplitMetrics.of(hard, Predictions.of(net, hard));
            SplitMetrics valMetrics = SplitMetrics.of(val, Predictions.of(net, val));
            int[] samples = IntStream.range(0, Math.min(o.explainImages(), hard.size())).toArray();
            double cam = Architecture.of(arch).lastSpatialStage()
                    .map(stage -> Explanation.run(net, hard, samples, new HiResCam(stage), Target.PREDICTED,
                            StrokeShare.DEFAULT_THRESHOLD, false).meanStrokeShare())
                    .orElse(Double.NaN);
            double gradInput = Explanation.run(net, hard, samples, new GradientTimesInput(), Target.PREDICTED,
                    StrokeShare.DEFAULT_THRESHOLD, false).meanStrokeShare();
            return new DebiasTable.Seed(method.key, method.biasAware, seed, name,
                    valMetrics.accuracy(), valMetrics.conflictingAccuracy(), hardMetrics.accuracy(),
                    hardMetrics.colourAgreement(), cam, gradInput, result.seconds() + extraSeconds);
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
