package lazyartist.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import lazyartist.eval.Evaluation;
import lazyartist.eval.SplitMetrics;
import lazyartist.task.EvaluateTask;
import lazyartist.task.Subject;
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
        try (Subject subject = Subject.open(input.model, input.data)) {
            Map<String, Evaluation.Result> results = EvaluateTask.run(subject, splitNames, out, Invocation.of(spec));
            System.out.printf("%-6s %8s %9s %9s %11s %9s%n", "split", "count", "accuracy", "aligned", "conflicting",
                    "colour");
            for (Evaluation.Result r : results.values()) {
                SplitMetrics m = r.metrics();
                System.out.printf("%-6s %8d %9.4f %9.4f %11.4f %9.4f%n", m.split(), m.count(), m.accuracy(),
                        m.alignedAccuracy(), m.conflictingAccuracy(), m.colourAgreement());
            }
            System.out.println("-> " + subject.out(out, EvaluateTask.FOLDER));
        }
        return 0;
    }
}
