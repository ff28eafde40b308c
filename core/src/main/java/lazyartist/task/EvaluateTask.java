package lazyartist.task;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lazyartist.data.ColoredSplit;
import lazyartist.data.Palette;
import lazyartist.eval.Evaluation;

/** Task 1's measurement: a model on some splits, written to {@code <model>/eval/}. */
public final class EvaluateTask {

    public static final String FOLDER = "eval";

    private EvaluateTask() {}

    public static Map<String, Evaluation.Result> run(Subject s, List<String> splitNames, Path out, String command) {
        Map<String, ColoredSplit> splits = new LinkedHashMap<>();
        for (String name : splitNames) {
            splits.put(name, s.split(name));
        }
        Map<String, Evaluation.Result> results = Evaluation.run(s.loaded().net(), new ArrayList<>(splits.values()));
        EvaluationFiles.write(s.out(out, FOLDER), s.name(), results, splits, Palette.defaults(),
                s.provenance(command, splitNames.toArray(String[]::new)));
        return results;
    }
}
