package lazyartist.cli;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import lazyartist.data.ColoredSplit;
import lazyartist.data.DatasetStore;
import lazyartist.data.Palette;
import lazyartist.eval.Evaluation;
import lazyartist.eval.SplitMetrics;
import lazyartist.model.ModelStore;
import lazyartist.report.EvaluationFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lazy-artist evaluate}: accuracy, colour agreement and the proof of the shortcut. */
@Command(name = "evaluate", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = {"Measure a model on the easy and hard splits: accuracy, aligned vs conflicting accuracy,",
            "colour agreement, confusion and colour-vs-prediction matrices (CSV, PNG) and a proof grid."})
final class EvaluateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ModelInput input;

    @Option(names = "--splits", split = ",", defaultValue = "train,val,hard", description = "Splits to measure.")
    List<String> splitNames;

    @Option(names = "--out", description = "Output folder (default: <model>/eval).")
    Path out;

    @Override
    public Integer call() {
        try (NDManager manager = NDManager.newBaseManager()) {
            ModelStore.Loaded loaded = ModelStore.load(input.model, manager);
            Path dataDir = input.dataDir(loaded);
            Map<String, ColoredSplit> splits = new LinkedHashMap<>();
            for (String name : splitNames) {
                splits.put(name, DatasetStore.read(dataDir, name));
            }
            Map<String, Evaluation.Result> results = Evaluation.run(loaded.net(), new ArrayList<>(splits.values()));
            Path dir = out != null ? out : input.model.resolve("eval");
            Map<String, Object> provenance = input.provenance(spec);
            Map<String, String> dataFiles = new LinkedHashMap<>();
            for (String name : splitNames) {
                dataFiles.put(name, DatasetStore.manifest(dataDir, name).files().get(DatasetStore.IMAGES));
            }
            provenance.put("data", dataFiles);
            EvaluationFiles.write(dir, loaded.card().name(), dataDir.toString(), results, splits, Palette.defaults(),
                    provenance);
            System.out.printf("%-6s %8s %9s %9s %11s %9s%n", "split", "count", "accuracy", "aligned", "conflicting",
                    "colour");
            for (Evaluation.Result r : results.values()) {
                SplitMetrics m = r.metrics();
                System.out.printf("%-6s %8d %9.4f %9.4f %11.4f %9.4f%n", m.split(), m.count(), m.accuracy(),
                        m.alignedAccuracy(), m.conflictingAccuracy(), m.colourAgreement());
            }
            System.out.println("-> " + dir);
        }
        return 0;
    }
}
