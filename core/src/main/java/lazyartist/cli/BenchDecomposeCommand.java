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

    @Option(names = "--model", description = "Model folder (default: a fresh lazy CNN on random images).")
    Path model;

    @Option(names = "--images", defaultValue = "54000", description = "Random images without --model.")
    int images;

    @Option(names = "--epochs", defaultValue = "" + SaeOptions.DEFAULT_EPOCHS)
    int epochs;

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
            SaeOptions d = SaeOptions.defaults(SparseAutoencoder.Kind.TOPK);
            SaeOptions options = new SaeOptions(d.kind(), d.k(), d.l1(), d.expansion(), epochs, d.batchSize(),
                    d.learningRate(), d.seed());
            long start = System.nanoTime();
            NDArray tokens = Decomposition.trainingTokens(stage, split, 42, manager);
            double collect = (System.nanoTime() - start) / 1e9;
            SaeTraining.Result r = SaeTraining.train(tokens, options, true);
            r.sae().close();
            System.out.printf("decompose %s (%s tokens of %d, %d features, k %d, %d epochs): %,d tokens collected in"
                    + " %.1f s, autoencoder trained in %.1f s on %d cores%n", stage.name(), stage.tokens().key(),
                    stage.width(), options.dictionarySize(stage.width()), options.k(), epochs,
                    tokens.getShape().get(0), collect, r.seconds(), Runtime.getRuntime().availableProcessors());
        }
        return 0;
    }
}
