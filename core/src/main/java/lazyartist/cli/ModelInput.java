package lazyartist.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --model} and {@code --data} of the commands that analyse a stored model, and what they record. */
final class ModelInput {

    @Option(names = "--model", required = true, description = "Model folder (from train).")
    Path model;

    @Option(names = "--data", description = "Data set folder (default: the one the model was trained on).")
    Path data;
}
