package lazyartist.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import lazyartist.explain.IntegratedGradients;
import lazyartist.explain.Methods;
import lazyartist.explain.Target;
import lazyartist.task.ExplainFiles;
import lazyartist.task.ExplainTask;
import lazyartist.task.Subject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lazy-artist explain}: where a model looks, as maps, grids and a shortcut score. */
@Command(name = "explain", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = {"Attribution maps (Grad-CAM, Grad-CAM++, HiResCAM, saliency, gradient x input, integrated gradients)",
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
            description = "Methods: gradcam, gradcam++, hirescam, saliency, gradxinput, integrated-gradients, or all.")
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
        ExplainTask.Options options = ExplainTask.Options.DEFAULTS.withSplit(splitName)
                .withMethods(methods.contains("all") ? Methods.NAMES : methods).withLayer(layer)
                .withTarget(Target.parse(target)).withIndices(indices).withCount(count)
                .withBaseline(IntegratedGradients.Baseline.parse(baseline)).withSteps(steps).withThreshold(threshold);
        try (Subject subject = Subject.open(input.model, input.data)) {
            System.out.printf("%-22s %8s %13s %11s %9s %13s %14s %8s%n", "method", "images", "stroke share",
                    "empty maps", "pointing", "deletion AUC", "insertion AUC", "seconds");
            ExplainTask.run(subject, options, out, Invocation.of(spec), r -> {
                ExplainFiles.MethodScores s = ExplainFiles.MethodScores.of(r);
                System.out.printf("%-22s %8d %13.3f %11d %9.3f %13.3f %14.3f %8.2f%n", s.method(), s.count(),
                        s.strokeShare(), s.emptyMaps(), s.pointingAccuracy(), s.deletionAuc(), s.insertionAuc(),
                        s.seconds());
            });
            System.out.println("-> " + subject.out(out, ExplainTask.FOLDER));
        }
        return 0;
    }
}
