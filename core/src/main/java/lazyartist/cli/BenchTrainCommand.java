package lazyartist.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import lazyartist.data.ColoredSplit;
import lazyartist.io.AtomicFiles;
import lazyartist.model.Architecture;
import lazyartist.model.Optimiser;
import lazyartist.train.CrossEntropy;
import lazyartist.train.EngineSpeed;
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
        ColoredSplit random = EngineSpeed.randomSplit(images, 1);
        ColoredSplit val = EngineSpeed.randomSplit(64, 2);
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
                        batch, timed.imagesPerSecond(), EngineSpeed.imagesPerSecond(architecture, batch, 100, Math.max(20, images / batch)),
                        Runtime.getRuntime().availableProcessors());
            }
        } finally {
            AtomicFiles.deleteTree(tmp);
        }
        return 0;
    }
}
