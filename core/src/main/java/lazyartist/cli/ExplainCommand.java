package lazyartist.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import lazyartist.explain.IntegratedGradients;
import lazyartist.explain.MapSettings;
import lazyartist.explain.SanityCheck;
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
        description = {"Attribution maps (Grad-CAM, Grad-CAM++, HiResCAM, Score-CAM, saliency, gradient x input,",
            "integrated gradients, SmoothGrad, occlusion) with the stroke share, the pointing game and deletion and",
            "insertion AUC. Writes PNG grids, maps-<method>.npy with indices-<method>.npy, and explain.json."})
final class ExplainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ModelInput input;

    @Option(names = "--split", defaultValue = "hard", description = "Split to explain.")
    String splitName;

    @Option(names = "--method", split = ",", defaultValue = "gradcam", description = "Methods: gradcam, gradcam++,"
            + " hirescam, scorecam, saliency, gradxinput, integrated-gradients, smoothgrad, smoothgrad-sq, occlusion,"
            + " or all.")
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

    @Option(names = "--noise-samples", defaultValue = "25", description = "SmoothGrad: noisy copies per image.")
    int noiseSamples;

    @Option(names = "--noise-sigma", defaultValue = "0.15",
            description = "SmoothGrad: the noise's standard deviation, a share of the [0, 1] input range.")
    double noiseSigma;

    @Option(names = "--smooth-base", defaultValue = "saliency",
            description = "SmoothGrad: the gradient method it smooths (saliency, gradxinput, integrated-gradients).")
    String smoothBase;

    @Option(names = "--patch", defaultValue = "4", description = "Occlusion: the patch's side in pixels (1-28).")
    int patch;

    @Option(names = "--stride", defaultValue = "2", description = "Occlusion: the step between patches in pixels.")
    int stride;

    @Option(names = "--cam-channels", defaultValue = "0", description = "Score-CAM: mask with each image's N"
            + " channels of most activation only, as Faster Score-CAM (0: every channel).")
    int camChannels;

    @Option(names = "--sanity", description = "Run the sanity checks of Adebayo et al. (cascading and independent"
            + " weight randomisation, shuffled labels, random logit) on every method instead, into sanity.json,"
            + " sanity.csv and figures.")
    boolean sanity;

    @Option(names = "--sanity-images", defaultValue = "200", description = "Sanity checks: hard digits compared.")
    int sanityImages;

    @Option(names = "--label-images", defaultValue = "512", description = "Sanity checks: training digits the"
            + " shuffled-label network learns (0: no label test).")
    int labelImages;

    @Option(names = "--label-epochs", defaultValue = "30",
            description = "Sanity checks: the shuffled-label network's most epochs (it stops once it fits).")
    int labelEpochs;

    @Option(names = "--out", description = "Output folder (default: <model>/explain).")
    Path out;

    @Override
    public Integer call() {
        MapSettings maps = new MapSettings(layer, IntegratedGradients.Baseline.parse(baseline), steps, noiseSamples,
                noiseSigma, smoothBase, patch, stride, camChannels);
        ExplainTask.Options options = ExplainTask.Options.DEFAULTS.withSplit(splitName)
                .withMethods(methods.contains("all") ? Methods.NAMES : methods).withTarget(Target.parse(target))
                .withIndices(indices).withCount(count).withThreshold(threshold).withMaps(maps);
        if (sanity) {
            return sanity(options);
        }
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

    private int sanity(ExplainTask.Options options) {
        ExplainTask.Sanity o = ExplainTask.Sanity.DEFAULTS.withImages(sanityImages).withLabels(labelImages, labelEpochs)
                .withMethods(methods.contains("all") || !spec.commandLine().getParseResult().hasMatchedOption("--method")
                        ? Methods.NAMES : methods);
        try (Subject subject = Subject.open(input.model, input.data)) {
            SanityCheck.Result r = ExplainTask.sanity(subject, o, out, Invocation.of(spec), false);
            System.out.printf("sanity checks on %d hard digits (pass: mean Spearman of |map| below %.2f); shuffled"
                    + " labels: %s%n", r.indices().length, r.threshold(), r.labelsEpochs() == 0 ? "not run"
                    : String.format(java.util.Locale.ROOT, "%d epochs, %.1f%% of its labels fitted", r.labelsEpochs(),
                            100 * r.labelsTrainAccuracy()));
            System.out.printf("%-22s %14s %14s %14s %14s%n", "method", "cascade", "independent", "labels",
                    "random-logit");
            for (SanityCheck.MethodResult m : r.methods()) {
                StringBuilder line = new StringBuilder(String.format("%-22s", m.method()));
                for (String test : SanityCheck.TESTS) {
                    Boolean pass = m.verdicts().get(test);
                    line.append(String.format(java.util.Locale.ROOT, " %14s", pass == null ? "—"
                            : String.format(java.util.Locale.ROOT, "%s %.2f", pass ? "pass" : "FAIL",
                                    m.values().get(test))));
                }
                System.out.println(line);
            }
            System.out.printf("%.1f s -> %s%n", r.seconds(), subject.out(out, ExplainTask.FOLDER));
        }
        return 0;
    }
}
