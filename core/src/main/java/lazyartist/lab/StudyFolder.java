package lazyartist.lab;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lazyartist.LabException;
import lazyartist.data.ColoredDataset;
import lazyartist.data.ColoredSplit;
import lazyartist.data.DatasetStore;
import lazyartist.data.Mode;
import lazyartist.data.Palette;
import lazyartist.data.SplitManifest;
import lazyartist.decompose.FeatureSwitches;
import lazyartist.model.Architecture;
import lazyartist.model.ModelCard;
import lazyartist.model.ModelStore;
import lazyartist.task.RunLayout;

/** A study folder opened for the lab: its models, told apart by what their cards say, and their data. */
final class StudyFolder {

    private StudyFolder() {}

    /**
     * Every model under {@code models/} trained on the data set of the chosen mode (null: the first
     * model's), plain ones first, then debiased ones, each with its decomposition where there is one;
     * helper runs (JTT's first run) are left out.
     */
    static Lab open(Path run, Mode wanted) {
        Path root = new RunLayout(run).models();
        List<Path> dirs;
        try (var list = Files.list(root)) {
            dirs = list.filter(d -> Files.isRegularFile(d.resolve(ModelStore.CARD))).sorted().toList();
        } catch (IOException e) {
            throw new LabException("no models in " + root + ": run `lazy-artist study --out " + run + "` first");
        }
        if (dirs.isEmpty()) {
            throw new LabException("no models in " + root + ": run `lazy-artist study --out " + run + "` first");
        }
        NDManager manager = NDManager.newBaseManager();
        try {
            Path data = null;
            Mode mode = null;
            List<Lab.Model> models = new ArrayList<>();
            for (Path dir : dirs) {
                ModelStore.Loaded loaded = ModelStore.load(dir, manager);
                ModelCard card = loaded.card();
                if (card.role() == ModelCard.Role.AUXILIARY) {
                    continue;
                }
                Path modelData = card.dataPath(dir);
                Mode modelMode = modeOf(modelData);
                if (data == null && (wanted == null || modelMode == wanted)) {
                    data = modelData;
                    mode = modelMode;
                }
                if (!modelData.equals(data)) {
                    continue;
                }
                String arch = card.architecture();
                models.add(new Lab.Model(dir.getFileName().toString(), arch, card.role() == ModelCard.Role.DEBIASED,
                        loaded.net(), Architecture.of(arch).lastSpatialStage().orElse(null),
                        FeatureSwitches.open(dir, loaded.net())));
            }
            if (data == null) {
                throw new LabException("no model in " + root + " was trained on " + wanted.key() + " digits");
            }
            models.sort(Comparator.comparing(Lab.Model::debiased));
            Map<String, ColoredSplit> splits = new LinkedHashMap<>();
            for (String s : LabSettings.SPLITS) {
                splits.put(s, DatasetStore.read(data, s));
            }
            return new Lab(mode, paletteOf(data), splits, models, manager);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    private static Mode modeOf(Path data) {
        return Mode.valueOf(DatasetStore.manifest(data, ColoredDataset.VAL).mode().toUpperCase(java.util.Locale.ROOT));
    }

    /** The palette the data set was painted with; the lab knows the default palette's colours. */
    private static Palette paletteOf(Path data) {
        SplitManifest manifest = DatasetStore.manifest(data, ColoredDataset.VAL);
        Palette palette = Palette.defaults();
        if (!palette.names().equals(manifest.palette())) {
            throw new LabException("the data set in " + data + " uses its own palette " + manifest.palette()
                    + "; the lab paints with the default one " + palette.names());
        }
        return palette;
    }
}
