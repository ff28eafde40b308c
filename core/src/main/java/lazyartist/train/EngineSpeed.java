package lazyartist.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.Random;
import java.util.stream.IntStream;
import lazyartist.data.ColoredSplit;
import lazyartist.data.Pixels;
import lazyartist.data.SplitDataset;
import lazyartist.model.Architecture;
import lazyartist.model.Gradients;
import lazyartist.model.ModelStore;
import ai.djl.ndarray.NDScope;
import lazyartist.model.Optimiser;
import lazyartist.model.TappedNetwork;

/** How fast this machine's engine trains a network: forward, backward and update on one resident batch. */
public final class EngineSpeed {

    private EngineSpeed() {}

    /** Training images per second after {@code warmup} steps, over {@code timed} steps. */
    public static double imagesPerSecond(Architecture architecture, int batch, int warmup, int timed) {
        try (NDManager manager = NDManager.newBaseManager()) {
            TappedNetwork net = ModelStore.initialised(architecture, manager);
            Optimiser optimiser = new Optimiser(Optimiser.Kind.ADAM, 1e-3, 0, 0.9, net.getParameters().values()
                    .stream().filter(ai.djl.nn.Parameter::requiresGradient).toList(), manager);
            ParameterStore ps = new ParameterStore(manager, false);
            // The feeder's layout (channels-last), so that the figure is measured on the training loop's input.
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

    /** Random images and labels, for timing. */
    public static ColoredSplit randomSplit(int n, long seed) {
        Random rng = new Random(seed);
        byte[] images = new byte[n * Pixels.VALUES];
        rng.nextBytes(images);
        int[] labels = rng.ints(n, 0, 10).toArray();
        return new ColoredSplit("random", images, labels, labels.clone(), new byte[n * Pixels.PIXELS]);
    }
}
