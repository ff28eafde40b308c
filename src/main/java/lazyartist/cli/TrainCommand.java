package lazyartist.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import lazyartist.data.ColoredDataset;
import lazyartist.data.ColoredSplit;
import lazyartist.data.DatasetStore;
import lazyartist.model.Architecture;
import lazyartist.train.CrossEntropy;
import lazyartist.train.Optimiser;
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

    @Option(names = "--arch", description = "lazy, pytorch-example, robust, resnet18 or mlp.", defaultValue = "lazy")
    String arch;

    @Option(names = "--epochs", defaultValue = "5")
    int epochs;

    @Option(names = "--batch-size", defaultValue = "64")
    int batchSize;

    @Option(names = "--optimiser", description = "adam or sgd (with momentum).", defaultValue = "adam")
    Optimiser.Kind optimiser;

    @Option(names = "--lr", description = "Learning rate.", defaultValue = "0.001")
    double learningRate;

    @Option(names = "--weight-decay", defaultValue = "0")
    double weightDecay;

    @Option(names = "--momentum", description = "SGD momentum.", defaultValue = "0.9")
    double momentum;

    @Option(names = "--seed", defaultValue = "42")
    long seed;

    @Option(names = "--patience", description = "Stop after this many epochs without a better val accuracy.",
            defaultValue = "3")
    int patience;

    @Option(names = "--schedule", defaultValue = "constant",
            description = "Learning rate over training: constant, or cosine (annealed to zero by the last batch).")
    TrainConfig.Schedule schedule;

    @Option(names = "--models", description = "Folder of stored models.", defaultValue = "runs/demo/models")
    Path models;

    @Option(names = "--name", description = "Model name (default: <arch>-<data folder name>).")
    String name;

    @Option(names = "--resume", description = "Continue from the model's last checkpoint.")
    boolean resume;

    @Override
    public Integer call() {
        TrainConfig config = new TrainConfig(Architecture.of(arch).key(), epochs, batchSize, optimiser, learningRate,
                weightDecay, momentum, seed, patience, schedule);
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
}
