package lazyartist.cli;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import lazyartist.attack.Attack;
import lazyartist.attack.Cloak;
import lazyartist.data.ColoredSplit;
import lazyartist.data.DatasetStore;
import lazyartist.model.ModelStore;
import lazyartist.report.AttackFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lazy-artist attack}: targeted adversarial attacks, one digit into another. */
@Command(name = "attack", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = {"Targeted attacks under an L-infinity budget: move each pixel by at most ε so that the model",
            "reads digit --from as digit --to. Attacks the first --images digits --from that the model gets right;",
            "success = predicted --to with at least --confidence. Writes attack.json and attack.png."})
final class AttackCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ModelInput input;

    @Option(names = "--split", defaultValue = "val", description = "Split to take the images from.")
    String split;

    @Option(names = "--methods", split = ",", defaultValue = "fgsm,pgd", description = "fgsm, pgd.")
    List<String> methods;

    @Option(names = "--from", defaultValue = "7", description = "Digit to disguise.")
    int from;

    @Option(names = "--to", defaultValue = "3", description = "Digit the model should see.")
    int to;

    @Option(names = "--epsilon", defaultValue = "0.05", description = "Budget: largest change of any pixel, in [0, 1].")
    double epsilon;

    @Option(names = "--steps", defaultValue = "40", description = "PGD steps (each of size 2.5·ε/steps).")
    int steps;

    @Option(names = "--confidence", defaultValue = "0.9", description = "Target probability a success needs.")
    double confidence;

    @Option(names = "--images", defaultValue = "100", description = "How many images to attack.")
    int images;

    @Option(names = "--out", description = "Output folder (default: <model>/attack).")
    Path out;

    @Override
    public Integer call() {
        Cloak.Options options = new Cloak.Options(from, to, epsilon, steps, confidence, images);
        List<Attack> attacks = methods.stream().map(Attack::of).toList();
        try (NDManager manager = NDManager.newBaseManager()) {
            ModelStore.Loaded loaded = ModelStore.load(input.model, manager);
            Path dataDir = input.dataDir(loaded);
            ColoredSplit images = DatasetStore.read(dataDir, split);
            Cloak.Result result = Cloak.run(loaded.net(), images, attacks, options);
            Path dir = out != null ? out : input.model.resolve("attack");
            Map<String, Object> provenance = input.provenance(spec);
            provenance.put("data", DatasetStore.manifest(dataDir, split).files().get(DatasetStore.IMAGES));
            AttackFiles.write(dir, loaded.card().name(), split, result, provenance);
            System.out.printf("%d → %d on %d images of %s, ε = %s, success = predicted %d with ≥ %.0f%%%n", from, to,
                    result.indices().length, split, epsilon, to, 100 * confidence);
            for (Cloak.Outcome o : result.outcomes()) {
                System.out.printf("%-5s success %.1f%%, mean p(%d) %.3f, max L∞ %.4f, %.1f s%n", o.attack(),
                        100 * o.successRate(), to, o.meanTargetConfidence(), o.maxLinf(), o.seconds());
            }
            System.out.println("-> " + dir);
        }
        return 0;
    }
}
