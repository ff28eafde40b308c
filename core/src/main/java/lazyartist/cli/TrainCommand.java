package lazyartist.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import lazyartist.data.ColoredDataset;
import lazyartist.data.ColoredSplit;
import lazyartist.data.DatasetStore;
import lazyartist.model.Architecture;
import lazyartist.model.Optimiser;
import lazyartist.train.CrossEntropy;
import lazyartist.train.TrainConfig;
import lazyartist.train.Training;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lazy-artist train}: trains a CNN on the easy split. */
@Command(name = "train", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = {"Train a network on the easy split of a Colored-MNIST folder.",
            "Writes <models>/<name>/{model.json, model.params, model.safetensors}; a checkpoint after every"
                + " epoch lets --resume continue a killed run."})
final class TrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--data", description = "Data set folder holding train/ and val/ (from generate).",
            defaultValue = "runs/demo/background")
    Path data;

    @Option(names = "--arch", description = "One of ${COMPLETION-CANDIDATES}.", defaultValue = "lazy",
            completionCandidates = Architectures.class)
    String arch;

    // The training options default to the architecture's recipe (listed below the options).
    @Option(names = "--epochs", description = "Default: the architecture's recipe (below).")
    Integer epochs;

    @Option(names = "--batch-size", description = "Default: the architecture's recipe (below).")
    Integer batchSize;

    @Option(names = "--optimiser", description = "adam or sgd (with momentum). Default: the architecture's recipe (below).")
    Optimiser.Kind optimiser;

    @Option(names = "--lr", description = "Learning rate. Default: the architecture's recipe (below).")
    Double learningRate;

    @Option(names = "--weight-decay", description = "Default: the architecture's recipe (below).")
    Double weightDecay;

    @Option(names = "--momentum", description = "SGD momentum. Default: the architecture's recipe (below).")
    Double momentum;

    @Option(names = "--seed", defaultValue = "42")
    long seed;

    @Option(names = "--patience", description = "Stop after this many epochs without a better val accuracy (constant schedule; a cosine schedule runs to its end). Default: the architecture's recipe (below).")
    Integer patience;

    @Option(names = "--schedule",
            description = "Learning rate over training: constant, or cosine (annealed to zero by the last batch). Default: the architecture's recipe (below).")
    TrainConfig.Schedule schedule;

    @Option(names = "--models", description = "Folder of stored models.", defaultValue = "runs/demo/models")
    Path models;

    @Option(names = "--name", description = "Model name (default: <arch>-<data folder name>).")
    String name;

    @Option(names = "--resume", description = "Continue from the model's last checkpoint.")
    boolean resume;

    @Override
    public Integer call() {
        TrainConfig recipe = TrainConfig.defaults(Architecture.of(arch));
        TrainConfig config = new TrainConfig(recipe.architecture(), or(epochs, recipe.epochs()),
                or(batchSize, recipe.batchSize()), or(optimiser, recipe.optimiser()),
                or(learningRate, recipe.learningRate()), or(weightDecay, recipe.weightDecay()),
                or(momentum, recipe.momentum()), seed, or(patience, recipe.patience()), or(schedule, recipe.schedule()));
        String modelName = name != null ? name : config.architecture() + "-" + data.getFileName();
        ColoredSplit train = DatasetStore.read(data, ColoredDataset.TRAIN);
        ColoredSplit val = DatasetStore.read(data, ColoredDataset.VAL);
        Training.Result result = new Training(config, new CrossEntropy(), false).run(train, val,
                Training.DataSource.of(data), models.resolve(modelName), modelName, resume,
                Invocation.of(spec));
        System.out.printf("%s: best val accuracy %.4f at epoch %s, %.1f s -> %s%n", modelName,
                result.card().metrics().get("valAccuracy"), result.card().metrics().get("bestEpoch"), result.seconds(),
                models.resolve(modelName));
        return 0;
    }

    private static <T> T or(T given, T recipe) {
        return given != null ? given : recipe;
    }

    /** The architectures' default recipes, one help line each, for the footer of {@code train --help}. */
    static String[] recipes() {
        java.util.List<String> lines = new java.util.ArrayList<>();
        lines.add("");
        lines.add("Default recipe per architecture (what the study trains; options override it):");
        for (Architecture a : Architecture.values()) {
            TrainConfig c = TrainConfig.defaults(a);
            lines.add(String.format(java.util.Locale.ROOT, "  %-16s %s lr %s, %s, %d epoch%s, batch %d%s", a.key(),
                    c.optimiser().name().toLowerCase(java.util.Locale.ROOT),
                    plain(c.learningRate()),
                    c.schedule().name().toLowerCase(java.util.Locale.ROOT), c.epochs(), c.epochs() == 1 ? "" : "s",
                    c.batchSize(), c.weightDecay() > 0 ? ", decay " + plain(c.weightDecay()) : ""));
        }
        return lines.toArray(String[]::new);
    }

    private static String plain(double value) {
        return java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    /** The architectures' names, for the help text. */
    static final class Architectures implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return java.util.Arrays.stream(Architecture.values()).map(Architecture::key).iterator();
        }
    }
}
