package lazyartist.task;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import lazyartist.data.ColoredSplit;
import lazyartist.data.DatasetStore;
import lazyartist.io.Hashing;
import lazyartist.model.ModelStore;

/**
 * What a task analyses: a stored model, loaded, and the data set folder it is measured on (by
 * default the one it was trained on, resolved from the model's own folder).
 */
public final class Subject implements AutoCloseable {

    private final Path model;
    private final Path data;
    private final NDManager manager;
    private final ModelStore.Loaded loaded;

    private Subject(Path model, Path data, NDManager manager, ModelStore.Loaded loaded) {
        this.model = model;
        this.data = data;
        this.manager = manager;
        this.loaded = loaded;
    }

    /** Loads a model folder; {@code data} null means the model's own training data. */
    public static Subject open(Path model, Path data) {
        NDManager manager = NDManager.newBaseManager();
        try {
            ModelStore.Loaded loaded = ModelStore.load(model, manager);
            return new Subject(model, data != null ? data : loaded.card().dataPath(model), manager, loaded);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    public ModelStore.Loaded loaded() {
        return loaded;
    }

    public String name() {
        return loaded.card().name();
    }

    public Path model() {
        return model;
    }

    /** The data set folder the model is measured on. */
    public Path dataPath() {
        return data;
    }

    /** The manager the model lives in: arrays a task keeps beside the model go here. */
    NDManager manager() {
        return manager;
    }

    public ColoredSplit split(String name) {
        return DatasetStore.read(data, name);
    }

    /** A task's output folder: the one asked for, else {@code <model>/<folder>}. */
    public Path out(Path asked, String folder) {
        return asked != null ? asked : model.resolve(folder);
    }

    /** What made an artifact: the command line, the model's parameters and the splits' images, by hash. */
    Map<String, Object> provenance(String command, String... splits) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("command", command);
        out.put("modelParams", Hashing.sha256(model.resolve(ModelStore.PARAMS)));
        Map<String, String> data = new LinkedHashMap<>();
        for (String split : splits) {
            data.put(split, DatasetStore.manifest(this.data, split).files().get(DatasetStore.IMAGES));
        }
        out.put("data", data);
        return out;
    }

    @Override
    public void close() {
        manager.close();
    }
}
