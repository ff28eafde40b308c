package lazyartist.cli;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import lazyartist.data.ColoredSplit;
import lazyartist.data.Pixels;
import lazyartist.data.SplitDataset;
import lazyartist.io.AtomicFiles;
import lazyartist.model.Architecture;
import lazyartist.model.Gradients;
import lazyartist.model.ModelStore;
import lazyartist.model.Optimiser;
import lazyartist.model.TappedNetwork;
import lazyartist.train.CrossEntropy;
import lazyartist.train.EpochRecord;
import lazyartist.train.TrainConfig;
import lazyartist.train.Training;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Training images per second of the real training loop on random data. */
@Command(name = "train", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "Training images/s of the training loop (cross-entropy, Adam) on random images.")
final class BenchTrainCommand implements Callable<Integer> {

    @Option(names = "--arch", defaultValue = "lazy", description = "Architecture to time.")
    String arch;

    @Option(names = "--batch-sizes", split = ",", defaultValue = "64,256", description = "Batch sizes to time.")
    List<Integer> batchSizes;

    @Option(names = "--images", defaultValue = "25600",
            description = "Images per epoch; the third of three epochs is timed.")
    int images;

    @Override
    public Integer call() throws IOException {
        Architecture architecture = Architecture.of(arch);
        ColoredSplit random = randomSplit(images, 1);
        ColoredSplit val = randomSplit(64, 2);
        Path tmp = Files.createTempDirectory("lazy-artist-bench");
        try {
            for (int batch : batchSizes) {
                // Three epochs: the first two warm up the JIT and the engine (measured: ~600 steps at
                // batch 64); the last is timed.
                TrainConfig config = new TrainConfig(architecture.key(), 3, batch,
                        Optimiser.Kind.ADAM, 1e-3, 0, 0.9, 1, 3, TrainConfig.Schedule.CONSTANT);
                Training.Result result = new Training(config, new CrossEntropy(), true).run(random, val,
                        new Training.DataSource("random", "random"), tmp.resolve("b" + batch), "bench", false, "bench");
                EpochRecord timed = result.history().get(result.history().size() - 1);
                System.out.printf("train %s batch %d: %.0f images/s through the training loop; %.0f images/s"
                        + " engine only (one fixed batch, no data or bookkeeping) on %d cores%n", architecture.key(),
                        batch, timed.imagesPerSecond(), engineOnly(architecture, batch, images),
                        Runtime.getRuntime().availableProcessors());
            }
        } finally {
            AtomicFiles.deleteTree(tmp);
        }
        return 0;
    }

    /** Forward, backward and update on one resident batch: the ceiling the loop is measured against. */
    private static double engineOnly(Architecture architecture, int batch, int images) {
        int warmup = 100;
        int timed = Math.max(20, images / batch);
        try (NDManager manager = NDManager.newBaseManager()) {
            TappedNetwork net = ModelStore.initialised(architecture, manager);
            Optimiser optimiser = new Optimiser(Optimiser.Kind.ADAM, 1e-3, 0, 0.9, net.getParameters().values().stream().filter(ai.djl.nn.Parameter::requiresGradient).toList(),
                    manager);
            ParameterStore ps = new ParameterStore(manager, false);
            // The feeder's layout (channels-last), so that the ceiling is measured on the same input.
            NDArray x = SplitDataset.images(manager, randomSplit(batch, 3), IntStream.range(0, batch).toArray());
            NDArray y = manager.randomInteger(0, 10, new Shape(batch), DataType.INT64);
            long start = 0;
            for (int i = 0; i < warmup + timed; i++) {
                if (i == warmup) {
                    start = System.nanoTime();
                }
                try (NDScope ignored = new NDScope();
                        GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    NDArray loss = CrossEntropy.loss(net.logits(ps, x, true), y);
                    Gradients.zero(net);
                    collector.backward(loss);
                }
                optimiser.step();
            }
            return timed * (double) batch / ((System.nanoTime() - start) / 1e9);
        }
    }

    static ColoredSplit randomSplit(int n, long seed) {
        Random rng = new Random(seed);
        byte[] images = new byte[n * Pixels.VALUES];
        rng.nextBytes(images);
        int[] labels = rng.ints(n, 0, 10).toArray();
        return new ColoredSplit("random", images, labels, labels.clone(), new byte[n * Pixels.PIXELS]);
    }
}
