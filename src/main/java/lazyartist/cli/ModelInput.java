package lazyartist.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import lazyartist.io.Hashing;
import lazyartist.model.ModelStore;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** {@code --model} and {@code --data} of the commands that analyse a stored model, and what they record. */
final class ModelInput {

    @Option(names = "--model", required = true, description = "Model folder (from train).")
    Path model;

    @Option(names = "--data", description = "Data set folder (default: the one the model was trained on).")
    Path data;

    /** The data folder asked for, else the one the model was trained on. */
    Path dataDir(ModelStore.Loaded loaded) {
        return data != null ? data : loaded.card().dataPath(model);
    }

    /** The start of every artifact's provenance: the command line and the hash of the model's parameters. */
    Map<String, Object> provenance(CommandSpec spec) {
        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("command", Invocation.of(spec));
        provenance.put("modelParams", Hashing.sha256(model.resolve(ModelStore.PARAMS)));
        return provenance;
    }
}
