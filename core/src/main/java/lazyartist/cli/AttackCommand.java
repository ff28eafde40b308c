package lazyartist.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import lazyartist.LabException;
import lazyartist.attack.Attack;
import lazyartist.attack.Cloak;
import lazyartist.attack.MinimalEpsilon;
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
        description = {"Targeted attacks under an L-infinity budget: move each pixel by at most ε so that the model",
            "reads digit --from as digit --to. Attacks the first --images digits --from that the model gets right;",
            "success = predicted --to with at least --confidence, judged on the adversarial images saved as uint8.",
            "Writes attack.json, adversarial-<method>.npy with indices.npy, and figures."})
final class AttackCommand implements Callable<Integer> {

    /** The budgets of the success-vs-ε curves unless told otherwise. */
    static final String GRID = "0.005,0.01,0.02,0.03,0.05,0.1,0.2,0.3";

    @Spec
    CommandSpec spec;

    @Mixin
    ModelInput input;

    @Option(names = "--split", defaultValue = "val", description = "Split to take the images from.")
    String split;

    @Option(names = "--methods", split = ",", defaultValue = "fgsm,pgd,deepfool", description = "fgsm, pgd, deepfool.")
    List<String> methods;

    @Option(names = "--from", defaultValue = "7", description = "Digit to disguise.")
    int from;

    @Option(names = "--to", defaultValue = "3", description = "Digit the model should see.")
    int to;

    @Option(names = "--epsilon", defaultValue = "0.05", description = "Budget: largest change of any pixel, in (0, 1].")
    double epsilon;

    @Option(names = "--steps", defaultValue = "40", description = "PGD steps (each 2.5·ε/steps); DeepFool's most steps.")
    int steps;

    @Option(names = "--restarts", defaultValue = "1",
            description = "PGD runs: the first from the clean image, the others from random points of the ε-ball.")
    int restarts;

    @Option(names = "--loss", defaultValue = "ce", description = "What FGSM and PGD descend: ce (cross-entropy of"
            + " the target) or margin (Carlini-Wagner's targeted logit gap).")
    String loss;

    @Option(names = "--confidence", defaultValue = "0.9", description = "Target probability a success needs.")
    double confidence;

    @Option(names = "--images", defaultValue = "100", description = "How many images to attack.")
    int images;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of PGD's random restarts.")
    long seed;

    @Option(names = "--epsilons", defaultValue = GRID,
            description = "Budgets of the success-vs-ε curves (comma-separated); 'none' for no curves.")
    String epsilons;

    @Option(names = "--min-epsilon", description = "Find each image's smallest fooling ε by bisection (strongest"
            + " attack, up to the largest budget of --epsilons).")
    boolean minEpsilon;

    @Option(names = "--search-images", defaultValue = "50",
            description = "Images (the first of --images) for the ε grid and the minimal-ε search.")
    int searchImages;

    @Option(names = "--universal", split = ",", description = "Fit a universal perturbation at these budgets on the"
            + " training split's --from digits; score it on this split's.")
    List<Double> universal;

    @Option(names = "--matrix", description = "Also attack every digit toward every other one at ε (10 × 10).")
    boolean matrix;

    @Option(names = "--matrix-images", defaultValue = "20", description = "Images per source digit for --matrix.")
    int matrixImages;

    @Option(names = "--out", description = "Output folder (default: <model>/attack).")
    Path out;

    @Override
    public Integer call() {
        Cloak.Options options = new Cloak.Options(from, to, epsilon, new Attack.Settings(steps, restarts,
                Attack.Loss.parse(loss), confidence, seed), images);
        Cloak.Plan plan = new Cloak.Plan(options, methods.stream().map(Attack::of).toList(), grid(epsilons),
                minEpsilon, searchImages, universal == null ? List.of() : universal, matrix, matrixImages);
        try (Subject subject = Subject.open(input.model, input.data)) {
            print(AttackTask.run(subject, split, plan, out, Invocation.of(spec)));
            System.out.println("-> " + subject.out(out, AttackTask.FOLDER));
        }
        return 0;
    }

    /** A comma-separated list of budgets; "none" for an empty grid. */
    static List<Double> grid(String text) {
        if (text.strip().equalsIgnoreCase("none")) {
            return List.of();
        }
        try {
            List<Double> out = java.util.Arrays.stream(text.split(",")).map(String::strip).map(Double::parseDouble)
                    .sorted().toList();
            out.forEach(Cloak::checkEpsilon);
            return out;
        } catch (NumberFormatException e) {
            throw new LabException("--epsilons must be budgets in (0, 1] separated by commas (or 'none'), got '"
                    + text + "'");
        }
    }

    private void print(Cloak.Result r) {
        System.out.printf("%d → %d on %d images of %s, ε = %s, success = predicted %d with ≥ %.0f%%%n", from, to,
                r.targets().size(), split, epsilon, to, 100 * confidence);
        for (Cloak.Outcome o : r.outcomes()) {
            System.out.printf("%-8s success %5.1f%%, mean p(%d) %.3f, largest change %.4f, %.1f s%n", o.attack(),
                    100 * o.successRate(), to, o.meanTargetConfidence(), o.maxChange(), o.seconds());
        }
        if (!r.curves().isEmpty()) {
            System.out.println("success by ε: " + r.curves().stream().map(c -> String.format(java.util.Locale.ROOT,
                    "%s@%s %.0f%%", c.attack(), c.epsilon(), 100 * c.successRate())).toList());
        }
        MinimalEpsilon m = r.minimal();
        if (m != null) {
            System.out.printf("minimal ε (%s): quartiles %.4f / %.4f / %.4f (NaN: above %s), %d of %d not fooled at"
                    + " %s, %.1f s%n", m.attack(), m.lowerQuartile(), m.median(), m.upperQuartile(), m.max(),
                    m.notFooled(), r.targets().size(), m.max(), m.seconds());
        }
        for (Universal u : r.universal()) {
            System.out.printf("universal ε = %s: fooled %.1f%% of %d held-out %ds (fitted on %d training %ds), %.1f s%n",
                    u.epsilon(), 100 * u.heldOutSuccess(), u.heldOutImages(), from, u.fitImages(), from, u.seconds());
        }
    }
}
