package lazyartist.cli;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import lazyartist.model.ModelStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lazy-artist export}: (re)writes a stored model's PyTorch state_dict as safetensors. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Write <model>/model.safetensors: the PyTorch state_dict of the equivalent torch.nn module.",
            "In Python: module.load_state_dict(safetensors.torch.load_file(path))."})
final class ExportCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, description = "Model folder (from train).")
    Path model;

    @Override
    public Integer call() {
        try (NDManager manager = NDManager.newBaseManager()) {
            ModelStore.Loaded loaded = ModelStore.load(model, manager);
            ModelStore.export(model, loaded.net(), loaded.card());
        }
        System.out.println("-> " + model.resolve(ModelStore.SAFETENSORS));
        return 0;
    }
}
