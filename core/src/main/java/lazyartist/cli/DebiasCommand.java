package lazyartist.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import lazyartist.LabException;
import lazyartist.task.DebiasTable;
import lazyartist.task.DebiasTask;
import lazyartist.task.RunLayout;
import lazyartist.train.Debiasing;
import lazyartist.train.TrainConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lazy-artist debias}: train with debiasing methods on the biased split and compare them. */
@Command(name = "debias", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = {"Train on the 95%%-biased easy split with debiasing methods and compare them on the hard split.",
            "Bias-aware methods: penalty (colour-gradient penalty), channel-diff (channel-gradient loss),",
            "balance-dropout, batchnorm, group-balance (every digit-colour group weighs the same),",
            "group-dro (Group DRO: online weights toward the worst digit-colour group), dfr (Deep Feature",
            "Reweighting: the head refitted on group-balanced validation digits).",
            "Bias-agnostic: lff (Learning from Failure), jtt (Just Train Twice), disent (DisEnt: twin encoders,",
            "feature swap; trains disent-<arch>); vanilla (plain cross-entropy).",
            "Writes every model (<out>/models/debias-<method>-s<seed>-<mode>/) and debias.csv, debias.json, debias.png."})
final class DebiasCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--data", defaultValue = "runs/demo/background", description = "Data set folder.")
    Path data;

    @Option(names = "--method", split = ",", description = "Methods to run.")
    List<String> methods;

    @Option(names = "--all", description = "Run every method.")
    boolean all;

    @Option(names = "--arch", defaultValue = "robust", description = "Network for every method but batchnorm and balance-dropout (their own).")
    String arch;

    @Option(names = "--epochs", defaultValue = "3")
    int epochs;

    @Option(names = "--lff-epochs", description = "LfF's and DisEnt's epochs (default: twice"
            + " --epochs): their weighted losses learn mostly from the few digits the biased twin gets wrong, so they"
            + " need more passes.")
    Integer lffEpochs;

    @Option(names = "--lr", defaultValue = "0.001")
    double learningRate;

    @Option(names = "--schedule", defaultValue = "cosine",
            description = "Learning rate over training: constant, or cosine (annealed to zero by the last batch).")
    TrainConfig.Schedule schedule;

    @Option(names = "--batch-size", defaultValue = "64")
    int batchSize;

    @Option(names = "--lambda", defaultValue = "0.3", description = "λ of the colour-gradient penalty.")
    double penaltyLambda;

    @Option(names = "--channel-lambda", defaultValue = "15", description = "λ of the channel-gradient loss.")
    double channelLambda;

    @Option(names = "--jtt-first-epochs", defaultValue = "1", description = "JTT: epochs of the error-finding run.")
    int jttFirstEpochs;

    @Option(names = "--jtt-upweight", defaultValue = "20", description = "JTT: copies of each first-run error.")
    int jttUpweight;

    @Option(names = "--seeds", defaultValue = "3", description = "Seeds per method (--first-seed, the next, …).")
    int seeds;

    @Option(names = "--first-seed", defaultValue = "42", description = "The first seed: add seeds to an earlier run.")
    long firstSeed;

    @Option(names = "--explain-images", defaultValue = "500", description = "Hard digits scored for stroke share.")
    int explainImages;

    @Option(names = "--out", defaultValue = "runs/demo/debias", description = "Folder for models and the table.")
    Path out;

    @Override
    public Integer call() {
        List<String> names = all ? java.util.Arrays.stream(Debiasing.Method.values()).map(m -> m.key).toList() : methods;
        if (names == null || names.isEmpty()) {
            throw new LabException("name methods with --method M[,M…] or pass --all");
        }
        if (seeds < 1) {
            throw new LabException("--seeds must be at least 1, got " + seeds);
        }
        Debiasing.Options options = Debiasing.Options.DEFAULTS.withArchitecture(arch)
                .withEpochs(epochs, lffEpochs != null ? lffEpochs : 2 * epochs)
                .withLearningRate(learningRate, schedule).withBatchSize(batchSize)
                .withLambdas(penaltyLambda, channelLambda).withJtt(jttFirstEpochs, jttUpweight)
                .withExplainImages(explainImages);
        DebiasTask.Plan plan = new DebiasTask.Plan(names.stream().map(Debiasing.Method::of).toList(), seeds,
                firstSeed, options);
        List<DebiasTable.Seed> results = DebiasTask.run(plan, data, new RunLayout(out), out, Invocation.of(spec), false,
                (method, seed, model, train) -> {
                    DebiasTable.Seed r = train.get();
                    System.out.printf("%s seed %d: easy-val %.4f (colour-conflicting %.4f), hard %.4f, colour"
                            + " agreement %.4f, HiResCAM stroke %.3f, grad×input stroke %.3f, %.0f s%n", method.key,
                            seed, r.valAccuracy(), r.valConflictingAccuracy(), r.hardAccuracy(),
                            r.hardColourAgreement(), r.camStrokeShare(), r.gradInputStrokeShare(), r.trainSeconds());
                    return r;
                });
        for (List<String> row : DebiasTable.text(DebiasTable.rows(results))) {
            System.out.println(String.join(" | ", row));
        }
        System.out.println("-> " + out);
        return 0;
    }
}
