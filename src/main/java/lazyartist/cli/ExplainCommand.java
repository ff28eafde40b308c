package lazyartist.cli;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import lazyartist.LabException;
import lazyartist.data.ColoredDataset;
import lazyartist.data.ColoredSplit;
import lazyartist.data.DatasetStore;
import lazyartist.data.Palette;
import lazyartist.explain.AttributionMethod;
import lazyartist.explain.Interrogation;
import lazyartist.explain.IntegratedGradients;
import lazyartist.explain.Methods;
import lazyartist.explain.Target;
import lazyartist.model.Architecture;
import lazyartist.model.ModelStore;
import lazyartist.report.ExplainFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lazy-artist explain}: where a model looks, as maps, grids and a shortcut score. */
@Command(name = "explain", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = {"Attribution maps (Grad-CAM, Grad-CAM++, saliency, gradient x input, integrated gradients)",
            "with the stroke share, the pointing game and deletion AUC. Writes PNG grids, maps-<method>.npy",
            "with indices-<method>.npy, and explain.json."})
final class ExplainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ModelInput input;

    @Option(names = "--split", defaultValue = "hard", description = "Split to explain.")
    String splitName;

    @Option(names = "--method", split = ",", defaultValue = "gradcam",
            description = "Methods: gradcam, gradcam++, saliency, gradxinput, integrated-gradients, or all.")
    List<String> methods;

    @Option(names = "--layer", description = "Stage for CAM methods (default: the last convolutional stage).")
    String layer;

    @Option(names = "--class", defaultValue = "predicted", description = "predicted, true, or a digit 0-9.")
    String target;

    @Option(names = "--count", defaultValue = "500", description = "Explain the first N samples of the split.")
    int count;

    @Option(names = "--indices", split = ",", description = "Explain these samples instead of the first --count.")
    int[] indices;

    @Option(names = "--baseline", defaultValue = "black", description = "Integrated gradients: black or blurred.")
    String baseline;

    @Option(names = "--steps", defaultValue = "64", description = "Integrated gradients: path steps.")
    int steps;

    @Option(names = "--threshold", defaultValue = "0.3", description = "MNIST intensity above which a pixel is stroke.")
    double threshold;

    @Option(names = "--out", description = "Output folder (default: <model>/explain).")
    Path out;

    @Override
    public Integer call() {
        Target classes = Target.parse(target);
        if (!(threshold > 0 && threshold < 1)) {
            throw new LabException("--threshold must be in (0, 1), got " + threshold);
        }
        if (steps < 1) {
            throw new LabException("--steps must be at least 1, got " + steps);
        }
        List<String> names = methods.contains("all") ? Methods.NAMES : methods;
        try (NDManager manager = NDManager.newBaseManager()) {
            ModelStore.Loaded loaded = ModelStore.load(input.model, manager);
            String stage = layer != null ? layer
                    : Architecture.of(loaded.card().architecture()).lastSpatialStage().orElse(null);
            if (stage != null) {
                loaded.net().indexOf(stage);
            } else if (names.stream().anyMatch(Methods.CAM::contains)) {
                throw new LabException(loaded.card().architecture() + " has no convolutional stage for "
                        + Methods.CAM + "; choose saliency, gradxinput or integrated-gradients");
            }
            List<AttributionMethod> chosen = new ArrayList<>();
            for (String name : names) {
                chosen.add(Methods.of(name, stage, IntegratedGradients.Baseline.parse(baseline), steps));
            }
            Path dataDir = input.dataDir(loaded);
            ColoredSplit split = DatasetStore.read(dataDir, splitName);
            System.out.printf("%-22s %8s %13s %11s %9s %13s %14s %8s%n", "method", "images", "stroke share",
                    "empty maps", "pointing", "deletion AUC", "insertion AUC", "seconds");
            Interrogation interrogation = Interrogation.run(loaded.net(), split, samples(split),
                    DatasetStore.read(dataDir, ColoredDataset.VAL), chosen, classes, threshold, r -> {
                        ExplainFiles.MethodScores s = ExplainFiles.MethodScores.of(r);
                        System.out.printf("%-22s %8d %13.3f %11d %9.3f %13.3f %14.3f %8.2f%n", s.method(), s.count(),
                                s.strokeShare(), s.emptyMaps(), s.pointingAccuracy(), s.deletionAuc(), s.insertionAuc(),
                                s.seconds());
                    });
            Path dir = out != null ? out : input.model.resolve("explain");
            Map<String, Object> provenance = input.provenance(spec);
            provenance.put("data", DatasetStore.manifest(dataDir, splitName).files().get(DatasetStore.IMAGES));
            ExplainFiles.write(dir, loaded.card().name(), interrogation, stage, target, threshold, Palette.defaults(),
                    provenance);
            System.out.println("-> " + dir);
        }
        return 0;
    }

    private int[] samples(ColoredSplit split) {
        if (indices != null) {
            for (int i : indices) {
                if (i < 0 || i >= split.size()) {
                    throw new LabException("--indices " + i + " is outside the split (0.." + (split.size() - 1) + ")");
                }
            }
            return indices.clone();
        }
        if (count < 1) {
            throw new LabException("--count must be at least 1, got " + count);
        }
        return IntStream.range(0, Math.min(count, split.size())).toArray();
    }
}
