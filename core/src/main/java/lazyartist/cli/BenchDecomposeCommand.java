package lazyartist.cli;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import lazyartist.data.ColoredDataset;
import lazyartist.data.ColoredSplit;
import lazyartist.data.DatasetStore;
import lazyartist.decompose.Decomposition;
import lazyartist.decompose.SaeOptions;
import lazyartist.decompose.SaeTraining;
import lazyartist.decompose.SparseAutoencoder;
import lazyartist.decompose.Stage;
import lazyartist.model.Architecture;
import lazyartist.model.ModelStore;
import lazyartist.model.TappedNetwork;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Seconds to train the decomposition's default sparse autoencoder. */
@Command(name = "decompose", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = {"Seconds to collect a stage's activations and train the default sparse autoencoder on them.",
            "With --model, on that model's easy training split; else on a fresh lazy CNN and 54,000 random images",
            "(the cost hardly depends on the weights)."})
final class BenchDecomposeCommand implements Callable<Integer> {

    /** The fit is measured on this many tokens. */
    private static final int FIT_TOKENS = 10_000;

    @Option(names = "--model", description = "Model folder (default: a fresh lazy CNN on random images).")
    Path model;

    @Option(names = "--images", defaultValue = "54000", description = "Random images without --model.")
    int images;

    @Option(names = "--epochs", defaultValue = "" + SaeOptions.DEFAULT_EPOCHS)
    int epochs;

    @Option(names = "--kind", defaultValue = "batchtopk", description = "topk, relu-l1, batchtopk, jumprelu or matryoshka.")
    String kind;

    @Option(names = "--l0-coefficient", defaultValue = "" + SaeOptions.DEFAULT_L0_COEFFICIENT,
            description = "JumpReLU: weight of the L0 penalty.")
    double l0Coefficient;

    @Option(names = "--bandwidth", defaultValue = "" + SaeOptions.DEFAULT_BANDWIDTH,
            description = "JumpReLU: kernel bandwidth of the thresholds' straight-through gradient.")
    double bandwidth;

    @Override
    public Integer call() {
        try (NDManager manager = NDManager.newBaseManager()) {
            TappedNetwork net;
            ColoredSplit split;
            if (model != null) {
                ModelStore.Loaded loaded = ModelStore.load(model, manager);
                net = loaded.net();
                split = DatasetStore.read(loaded.card().dataPath(model), ColoredDataset.TRAIN);
            } else {
                Engine.getInstance().setRandomSeed(1);
                net = ModelStore.initialised(Architecture.LAZY, manager);
                split = lazyartist.train.EngineSpeed.randomSplit(images, 3);
            }
            Stage stage = Stage.of(net, null, null);
            SaeOptions options = SaeOptions.defaults(SparseAutoencoder.Kind.parse(kind)).withEpochs(epochs)
                    .withJumpRelu(l0Coefficient, bandwidth);
            long start = System.nanoTime();
            NDArray tokens = Decomposition.trainingTokens(stage, split, 42, manager);
            double collect = (System.nanoTime() - start) / 1e9;
            SaeTraining.Result r = SaeTraining.train(tokens, options, true);
            double[] fit = fit(r.sae(), tokens);
            r.sae().close();
            System.out.printf("decompose %s (%s tokens of %d, %s, %d features, k %d, %d epochs): %,d tokens collected"
                    + " in %.1f s, autoencoder trained in %.1f s on %d cores%n", stage.name(), stage.tokens().key(),
                    stage.width(), options.kind().key(), options.dictionarySize(stage.width()), options.k(), epochs,
                    tokens.getShape().get(0), collect, r.seconds(), Runtime.getRuntime().availableProcessors());
            System.out.printf("on its first %,d training tokens: mean L0 %.1f, explained variance %.3f%n", (int) fit[2],
                    fit[0], fit[1]);
        }
        return 0;
    }

    /** Mean L0 and explained variance of the autoencoder on the first tokens, and how many. */
    private static double[] fit(SparseAutoencoder sae, NDArray tokens) {
        int n = (int) Math.min(FIT_TOKENS, tokens.getShape().get(0));
        try (NDManager m = tokens.getManager().newSubManager()) {
            NDArray x = tokens.get(new ai.djl.ndarray.index.NDIndex(":" + n));
            x.attach(m);
            NDArray f = sae.encode(x);
            double l0 = f.gt(0f).sum().getLong() / (double) n;
            double sse = sae.decode(f).sub(x).square().sum().getFloat();
            double variance = x.sub(x.mean(new int[] {0})).square().sum().getFloat();
            return new double[] {l0, 1 - sse / variance, n};
        }
    }
}
