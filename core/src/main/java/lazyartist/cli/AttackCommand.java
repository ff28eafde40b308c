package lazyartist.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import lazyartist.LabException;
import lazyartist.attack.Attack;
import lazyartist.attack.Cloak;
import lazyartist.attack.Loss;
import lazyartist.attack.MaskingFlags;
import lazyartist.attack.MinimalEpsilon;
import lazyartist.attack.Norm;
import lazyartist.attack.Outcome;
import lazyartist.attack.RobustAccuracy;
import lazyartist.attack.Settings;
import lazyartist.attack.Suite;
import lazyartist.attack.Universal;
import lazyartist.task.AttackTask;
import lazyartist.task.Subject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lazy-artist attack}: targeted adversarial attacks, one digit into another. */
@Command(name = "attack", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = {"Targeted attacks under an L-infinity or L2 budget: move each image by at most ε so that the",
            "model reads digit --from as digit --to. Attacks the first --images digits --from that the model gets",
            "right; success = predicted --to with at least --confidence, judged on the adversarial images saved as",
            "uint8. The reliable suite (APGD-CE, APGD-DLR, Square) fools an image with the first of its attacks that",
            "succeeds; the masking flags say where the gradient attacks may be fooled themselves.",
            "Writes attack.json, adversarial-<method>-<norm>.npy with indices.npy, and figures."})
final class AttackCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ModelInput input;

    @Option(names = "--split", defaultValue = "val", description = "Split to take the images from.")
    String split;

    @Option(names = "--methods", split = ",", defaultValue = "fgsm,pgd,deepfool,apgd-ce,apgd-dlr,square",
            description = "Attacks: fgsm, pgd, deepfool, apgd-ce, apgd-dlr, square ('none': only the suite).")
    List<String> methods;

    @Option(names = "--suite", defaultValue = "reliable",
            description = "reliable (APGD-CE, then APGD-DLR, then Square on what is left), or none.")
    String suite;

    @Option(names = "--norm", split = ",", defaultValue = "linf", description = "linf, l2, or both: linf,l2.")
    List<String> norms;

    @Option(names = "--from", defaultValue = "7", description = "Digit to disguise.")
    int from;

    @Option(names = "--to", defaultValue = "3", description = "Digit the model should see.")
    int to;

    @Option(names = "--epsilon", defaultValue = "0.05", description = "L∞ budget: largest change of any value, in (0, 1].")
    double epsilon;

    @Option(names = "--l2-epsilon", defaultValue = "1.0",
            description = "L2 budget: length of an image's change over its 2,352 values, in [0, 1] units.")
    double l2Epsilon;

    @Option(names = "--steps", defaultValue = "100",
            description = "PGD and APGD steps (PGD's each 2.5·ε/steps); DeepFool's most steps.")
    int steps;

    @Option(names = "--restarts", defaultValue = "1", description = "PGD and APGD runs: every run after PGD's first"
            + " (and APGD's first) starts from a random point of the ball, for the images not yet fooled.")
    int restarts;

    @Option(names = "--queries", defaultValue = "5000", description = "Square's model queries per image.")
    int queries;

    @Option(names = "--loss", defaultValue = "ce", description = "What FGSM and PGD climb: ce (cross-entropy of"
            + " the target) or margin (Carlini-Wagner's targeted logit gap).")
    String loss;

    @Option(names = "--confidence", defaultValue = "0.9", description = "Target probability a success needs.")
    double confidence;

    @Option(names = "--images", defaultValue = "100", description = "How many images to attack.")
    int images;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the attacks' random starts and queries.")
    long seed;

    @Option(names = "--epsilons", defaultValue = Norm.LINF_GRID,
            description = "L∞ budgets of the success-vs-ε curves (comma-separated); 'none' for no curves.")
    String epsilons;

    @Option(names = "--l2-epsilons", defaultValue = Norm.L2_GRID,
            description = "L2 budgets of the success-vs-ε curves; 'none' for no curves.")
    String l2Epsilons;

    @Option(names = "--min-epsilon", description = "Find each image's smallest fooling ε by bisection (the suite,"
            + " else the strongest attack, up to the largest budget of the curves).")
    boolean minEpsilon;

    @Option(names = "--search-images", defaultValue = "50",
            description = "Images (the first of --images) for the ε grid and the minimal-ε search.")
    int searchImages;

    @Option(names = "--search-queries", defaultValue = "1000", description = "Square's queries per image in the"
            + " curves, the minimal-ε search and the robust accuracy (at ε it takes --queries).")
    int searchQueries;

    @Option(names = "--robust-images", defaultValue = "100", description = "Untargeted robust accuracy under the"
            + " suite on the split's first N images, any digit (0: none).")
    int robustImages;

    @Option(names = "--universal", split = ",", description = "Fit a universal perturbation at these L∞ budgets on"
            + " the training split's --from digits; score it on this split's.")
    List<Double> universal;

    @Option(names = "--matrix", description = "Also attack every digit toward every other one at ε (10 × 10).")
    boolean matrix;

    @Option(names = "--matrix-images", defaultValue = "20", description = "Images per source digit for --matrix.")
    int matrixImages;

    @Option(names = "--out", description = "Output folder (default: <model>/attack).")
    Path out;

    @Override
    public Integer call() {
        Settings settings = Settings.DEFAULTS.withSteps(steps).withRestarts(restarts).withQueries(queries)
                .withLoss(Loss.parse(loss)).withConfidence(confidence).withSeed(seed);
        Cloak.Options options = new Cloak.Options(from, to, epsilon, l2Epsilon, settings, images);
        List<Attack> attacks = methods.size() == 1 && methods.get(0).equalsIgnoreCase("none") ? List.of()
                : methods.stream().map(Attack::of).toList();
        Cloak.Plan plan = new Cloak.Plan(options, attacks, norms.stream().map(Norm::parse).distinct().toList(),
                suite.equalsIgnoreCase("none") ? null : Suite.of(suite), grid(epsilons, Norm.LINF),
                grid(l2Epsilons, Norm.L2), minEpsilon, searchImages, searchQueries,
                suite.equalsIgnoreCase("none") ? 0 : robustImages,
                universal == null ? List.of() : universal, matrix, matrixImages);
        try (Subject subject = Subject.open(input.model, input.data)) {
            print(AttackTask.run(subject, split, plan, out, Invocation.of(spec)));
            System.out.println("-> " + subject.out(out, AttackTask.FOLDER));
        }
        return 0;
    }

    /** A comma-separated list of budgets in a norm; "none" for an empty grid. */
    static List<Double> grid(String text, Norm norm) {
        if (text.strip().equalsIgnoreCase("none")) {
            return List.of();
        }
        try {
            List<Double> out = java.util.Arrays.stream(text.split(",")).map(String::strip).map(Double::parseDouble)
                    .sorted().toList();
            out.forEach(norm::check);
            return out;
        } catch (NumberFormatException e) {
            throw new LabException("--" + (norm == Norm.LINF ? "" : "l2-") + "epsilons must be budgets separated by"
                    + " commas (or 'none'), got '" + text + "'");
        }
    }

    private void print(Cloak.Result r) {
        System.out.printf("%d → %d on %d images of %s, success = predicted %d with ≥ %.0f%%%n", from, to,
                r.targets().size(), split, to, 100 * confidence);
        for (Cloak.PerNorm p : r.norms()) {
            Norm norm = Norm.parse(p.norm());
            System.out.printf("%s, ε = %s:%n", norm.symbol(), p.epsilon());
            for (Outcome o : p.outcomes()) {
                System.out.printf("  %-9s success %5.1f%%%s, mean p(%d) %.3f, largest change %.4f, %.1f s%n", o.attack(),
                        100 * o.successRate(), o.onEveryImage() ? "" : " of the " + o.images() + " left",
                        to, o.meanTargetConfidence(), o.maxChange(), o.seconds());
            }
            if (!p.curves().isEmpty()) {
                System.out.println("  success by ε: " + p.curves().stream().map(c -> String.format(
                        java.util.Locale.ROOT, "%s@%s %.0f%%", c.attack(), c.epsilon(), 100 * c.successRate())).toList());
            }
            MinimalEpsilon m = p.minimal();
            if (m != null) {
                System.out.printf("  minimal ε (%s): quartiles %.4f / %.4f / %.4f (NaN: above %s), %d of %d not fooled"
                        + " at %s, %.1f s%n", m.attack(), m.lowerQuartile(), m.median(), m.upperQuartile(), m.max(),
                        m.notFooled(), m.perImage().length, m.max(), m.seconds());
            }
            RobustAccuracy robust = p.robust();
            if (robust != null) {
                System.out.printf("  untargeted robust accuracy at ε: %.1f%% of %d images (clean %.1f%%), %.1f s%n",
                        100 * robust.robustAccuracy(), robust.images(), 100 * robust.cleanAccuracy(), robust.seconds());
            }
        }
        if (r.flags().isEmpty()) {
            System.out.println("masking flags: none");
        }
        for (MaskingFlags.Flag f : r.flags()) {
            System.out.printf("FLAG %s%s: %s (images %s)%n", f.name(), f.norm() == null ? "" : " [" + f.norm() + "]",
                    f.description(), f.images().size() > 12 ? f.images().subList(0, 12) + "…" : f.images());
        }
        for (Universal u : r.universal()) {
            System.out.printf("universal ε = %s: fooled %.1f%% of %d held-out %ds (fitted on %d training %ds), %.1f s%n",
                    u.epsilon(), 100 * u.heldOutSuccess(), u.heldOutImages(), from, u.fitImages(), from, u.seconds());
        }
    }
}
