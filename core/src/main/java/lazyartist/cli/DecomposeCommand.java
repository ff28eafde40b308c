package lazyartist.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import lazyartist.decompose.Decomposition;
import lazyartist.decompose.Frontier;
import lazyartist.decompose.SaeOptions;
import lazyartist.decompose.SaeStore;
import lazyartist.decompose.SparseAutoencoder;
import lazyartist.decompose.Tokens;
import lazyartist.task.DecomposeTask;
import lazyartist.task.Subject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lazy-artist decompose}: a sparse autoencoder on a stage, its features labelled, and interventions. */
@Command(name = "decompose", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = {"Train a sparse autoencoder (SAELens conventions) on a stage's activations,",
            "label its features colour / shape / mixed from their top-activating hard digits,",
            "and switch features off or on inside the network. Writes",
            "<model>/decompose/<stage>/: sae.safetensors, cfg.json, decompose.json,",
            "features.json and a dashboard PNG per label.",
            "With --sweep, instead: one autoencoder per kind and value of its sparsity knob, measured on",
            "validation digits: frontier.json, frontier.csv and frontier.png (explained variance and CE",
            "recovered against L0, one line per kind)."})
final class DecomposeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ModelInput input;

    @Option(names = "--stage", description = "Stage to decompose (default: the one the classifier head reads,"
            + " e.g. relu3 of lazy and robust).")
    String stage;

    @Option(names = "--tokens", description = "image (the whole stage output, C×H×W order) or position (one"
            + " C-vector per position). Default: image up to 1,024 values per image, else position.")
    String tokens;

    @Option(names = "--kind", defaultValue = "batchtopk", description = "topk, relu-l1, batchtopk (the k × batch largest"
            + " over a batch; one learned threshold at inference), jumprelu (a learned threshold per feature and an L0"
            + " penalty) or matryoshka (BatchTopK whose nested prefixes of the dictionary each reconstruct).")
    String kind;

    @Option(names = "--k", defaultValue = "" + SaeOptions.DEFAULT_K,
            description = "TopK: features kept per token; BatchTopK and Matryoshka: on average; JumpReLU: the L0 its"
                    + " thresholds start at.")
    int k;

    @Option(names = "--l0-coefficient", defaultValue = "" + SaeOptions.DEFAULT_L0_COEFFICIENT,
            description = "JumpReLU: weight of the L0 penalty (warmed up over the first tenth of the steps).")
    double l0Coefficient;

    @Option(names = "--bandwidth", defaultValue = "" + SaeOptions.DEFAULT_BANDWIDTH,
            description = "JumpReLU: kernel bandwidth of the thresholds' straight-through gradient.")
    double bandwidth;

    @Option(names = "--prefixes", split = ",", description = "Matryoshka: nested dictionary sizes, ascending"
            + " (default: d_sae/16, d_sae/4; the whole dictionary is always the last).")
    List<Integer> prefixes;

    @Option(names = "--l1", defaultValue = "" + SaeOptions.DEFAULT_L1,
            description = "ReLU-L1: weight of the L1 penalty (on activations scaled to mean squared norm = width).")
    double l1;

    @Option(names = "--expansion", defaultValue = "" + SaeOptions.DEFAULT_EXPANSION,
            description = "Dictionary size as a multiple of the token width.")
    int expansion;

    @Option(names = "--epochs", defaultValue = "" + SaeOptions.DEFAULT_EPOCHS)
    int epochs;

    @Option(names = "--batch-size", defaultValue = "" + SaeOptions.DEFAULT_BATCH)
    int batchSize;

    @Option(names = "--lr", defaultValue = "" + SaeOptions.DEFAULT_LEARNING_RATE, description = "Adam's step size.")
    double learningRate;

    @Option(names = "--seed", defaultValue = "42")
    long seed;

    @Option(names = "--split", defaultValue = "train", description = "Split whose activations train the autoencoder.")
    String split;

    @Option(names = "--out", description = "Output folder (default: <model>/decompose/<stage>).")
    Path out;

    @Option(names = "--sweep", description = "The sparsity–fidelity frontier instead of one decomposition: a knob"
            + " and its values, k=8,16,32,64 (topk, batchtopk, matryoshka), l0-coefficient=… (jumprelu) or l1=…"
            + " (relu-l1); repeat for several knobs. --kind may then list kinds (default: every kind a knob sets).")
    List<String> sweep;

    @Override
    public Integer call() {
        Tokens tokenKind = tokens == null ? null : Tokens.parse(tokens);
        if (sweep != null) {
            return frontier(tokenKind);
        }
        SaeOptions options = new SaeOptions(SparseAutoencoder.Kind.parse(kind), k, l1, expansion, epochs, batchSize,
                learningRate, seed).withPrefixes(prefixes == null ? List.of() : prefixes)
                .withJumpRelu(l0Coefficient, bandwidth);
        try (Subject subject = Subject.open(input.model, input.data)) {
            Decomposition.Result result = DecomposeTask.run(subject, DecomposeTask.Options.DEFAULTS.withStage(stage)
                    .withTokens(tokenKind).withSae(options).withTrainSplit(split), out, Invocation.of(spec));
            print(result);
            System.out.println("-> " + (out != null ? out : SaeStore.dir(input.model, result.stage())));
        }
        return 0;
    }

    private int frontier(Tokens tokenKind) {
        List<Frontier.Sweep> sweeps = sweep.stream().map(Frontier.Sweep::parse).toList();
        List<SparseAutoencoder.Kind> kinds = spec.commandLine().getParseResult().hasMatchedOption("--kind")
                ? java.util.Arrays.stream(kind.split(",")).map(SparseAutoencoder.Kind::parse).toList()
                : Frontier.kindsFor(sweeps);
        SaeOptions base = new SaeOptions(kinds.get(0), k, l1, expansion, epochs, batchSize, learningRate, seed)
                .withPrefixes(prefixes == null ? List.of() : prefixes).withJumpRelu(l0Coefficient, bandwidth);
        try (Subject subject = Subject.open(input.model, input.data)) {
            DecomposeTask.Options o = DecomposeTask.Options.DEFAULTS.withStage(stage).withTokens(tokenKind)
                    .withSae(base).withTrainSplit(split);
            List<Frontier.Point> points = DecomposeTask.frontier(subject, o, kinds, sweeps, out, Invocation.of(spec));
            System.out.printf("%-11s %-15s %8s %7s %9s %10s %9s %6s %8s%n", "kind", "knob", "value", "L0", "expl.var",
                    "CE recov.", "KL score", "dead", "seconds");
            for (Frontier.Point p : points) {
                System.out.printf("%-11s %-15s %8.3g %7.1f %9.3f %10.3f %9.3f %6.3f %8.1f%n", p.kind(), p.knob(),
                        p.value(), p.l0(), p.explainedVariance(), p.ceRecovered(), p.klScore(), p.deadShare(),
                        p.seconds());
            }
            String stageName = lazyartist.decompose.Stage.of(subject.loaded().net(), stage, tokenKind).name();
            System.out.println("-> " + (out != null ? out : SaeStore.dir(input.model, stageName))
                    .resolve(lazyartist.task.FrontierFiles.PNG));
        }
        return 0;
    }

    /** The numbers a user looks at first. */
    private static void print(Decomposition.Result r) {
        System.out.printf("%s (%s tokens, width %d, %d features): trained on %,d tokens in %.1f s%n", r.stage(),
                r.tokens().key(), r.width(), r.features().size(), r.trainingTokens(), r.training().seconds());
        System.out.printf("%-5s %6s %9s %9s %9s %11s %9s %9s%n", "split", "L0", "expl.var", "accuracy", "spliced",
                "CE recov.", "KL score", "shrinkage");
        for (var e : java.util.Map.of("val", r.val(), "hard", r.hard()).entrySet().stream()
                .sorted(java.util.Map.Entry.comparingByKey(java.util.Comparator.reverseOrder())).toList()) {
            var m = e.getValue();
            System.out.printf("%-5s %6.1f %9.3f %9.4f %9.4f %11.3f %9.3f %9.3f%n", e.getKey(), m.l0(),
                    m.explainedVariance(), m.accuracy(), m.splicedAccuracy(), m.ceRecovered(), m.klScore(),
                    m.shrinkage());
        }
        System.out.printf("features: %s; dead share %.3f%n", r.counts(), r.deadShare());
        System.out.printf("%-16s %8s %9s %11s %9s %11s%n", "intervention", "features", "val acc", "val colour",
                "hard acc", "hard colour");
        for (Decomposition.Intervention i : r.interventions()) {
            System.out.printf("%-16s %8d %9.4f %11.4f %9.4f %11.4f%n", i.name(), i.features(), i.valAccuracy(),
                    i.valColourAgreement(), i.hardAccuracy(), i.hardColourAgreement());
        }
        for (Decomposition.Steering s : r.steering()) {
            System.out.printf("steer colour %d with feature %d (+%.2f): moved %.1f%% of val, %.1f%% of hard%n",
                    s.colour(), s.feature(), s.amount(), 100 * s.valMoved(), 100 * s.hardMoved());
        }
        r.heads().forEach(h -> System.out.printf("retrained head on %-13s val %.4f (colour %.4f), hard %.4f (colour"
                + " %.4f), %.1f s%n", h.edit() + ":", h.valAccuracy(), h.valColourAgreement(), h.hardAccuracy(),
                h.hardColourAgreement(), h.seconds()));
    }
}
