package lazyartist.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import lazyartist.LabException;
import lazyartist.probe.Probing;
import lazyartist.probe.Render;
import lazyartist.probe.Unit;
import lazyartist.probe.Views;
import lazyartist.task.ProbeTask;
import lazyartist.task.Subject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lazy-artist probe}: what each channel of each feature-map stage responds to. */
@Command(name = "probe", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = {"For every channel of every feature-map stage: the top-activating digits of a split with their",
            "colour and digit purity and a colour / shape / mixed label, and an image maximising the channel",
            "(gradient ascent from a shared random start with jitter, L2 decay, total variation and blur).",
            "Label rule: colour if colour purity ≥ 0.5 and ≥ digit purity + 0.2; shape likewise; else mixed."})
final class ProbeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ModelInput input;

    @Option(names = "--split", defaultValue = "hard", description = "Split whose digits are ranked.")
    String splitName;

    @Option(names = "--k", defaultValue = "16", description = "Top-activating digits per channel.")
    int k;

    @Option(names = "--objective", defaultValue = "mean", description = "neuron (the centre), mean or sum.")
    String objective;

    @Option(names = "--steps", defaultValue = "128", description = "Gradient-ascent steps.")
    int steps;

    @Option(names = "--lr", defaultValue = "0.05", description = "Step size on the normalised gradient.")
    double learningRate;

    @Option(names = "--param", defaultValue = "pixels", description = "Activation maximisation: pixels or fourier"
            + " (decorrelated colour, 1/f spectrum).")
    String param;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the shared random start and jitter.")
    long seed;

    @Option(names = "--image", defaultValue = "0", description = "Sample of the split for feature maps, deep dream"
            + " and inversion.")
    int image;

    @Option(names = "--dream-steps", split = ",", defaultValue = "8,32,64,128",
            description = "Deep dream: iterations at which to take a snapshot (the last is the length).")
    int[] dreamSteps;

    @Option(names = "--what", split = ",", defaultValue = "top,maximise,filters,features,dream,invert",
            description = "Methods: top (top-activating digits, always run), maximise, filters, features, dream,"
                    + " invert.")
    java.util.List<String> what;

    @Option(names = "--out", description = "Output folder (default: <model>/probe).")
    Path out;

    @Override
    public Integer call() {
        if (k < 1 || steps < 0) {
            throw new LabException("--k must be ≥ 1 and --steps ≥ 0");
        }
        for (int i = 0; i < dreamSteps.length; i++) {
            if (dreamSteps[i] < 1 || (i > 0 && dreamSteps[i] <= dreamSteps[i - 1])) {
                throw new LabException("--dream-steps must be increasing positive iterations, e.g. 8,32,64,128");
            }
        }
        for (String w : what) {
            if (!w.equals("top") && !w.equals("maximise") && !Views.NAMES.contains(w)) {
                throw new LabException("--what takes top, maximise, filters, features, dream, invert; got '" + w + "'");
            }
        }
        Unit unit = Unit.parse(objective);
        Render render = Render.DEFAULT.withSteps(steps).withLearningRate(learningRate).withParametrisation(param)
                .withSeed(seed);
        ProbeTask.Options options = new ProbeTask.Options(splitName, k, unit, render, new java.util.HashSet<>(what),
                image, dreamSteps);
        try (Subject subject = Subject.open(input.model, input.data)) {
            ProbeTask.Outcome outcome = ProbeTask.run(subject, options, out, Invocation.of(spec));
            Probing.Result result = outcome.probing();
            for (Probing.Stage s : result.stages()) {
                System.out.printf("%-8s colour %3d  shape %3d  mixed %3d%n", s.stage(), s.counts().get("colour"),
                        s.counts().get("shape"), s.counts().get("mixed"));
            }
            System.out.printf("top-activating %.1f s, activation maximisation %.1f s", result.topSeconds(),
                    result.maximiseSeconds());
            outcome.viewSeconds().forEach((method, s) -> System.out.printf(", %s %.1f s", method, s));
            System.out.println(" -> " + subject.out(out, ProbeTask.FOLDER));
        }
        return 0;
    }
}
