package lazyartist.probe;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.Random;
import lazyartist.explain.Maps;
import lazyartist.model.TappedNetwork;

/**
 * The render loop of feature visualisation: gradient ascent on the pixels of a batch of images,
 * one image per channel, from a shared seeded random start, with random jitter, L2 decay, a
 * total-variation penalty and a periodic blur as regularisers.
 *
 * @param steps gradient-ascent steps
 * @param learningRate step size on the normalised gradient
 * @param jitter largest random shift in pixels applied before each forward pass
 * @param decay L2 decay of the image towards mid-grey per step
 * @param totalVariation weight of the total-variation penalty
 * @param blurEvery blur the image (σ 0.5) every this many steps; 0 never
 */
public record Render(int steps, double learningRate, int jitter, double decay, double totalVariation, int blurEvery,
        long seed) {

    public static final Render DEFAULT = new Render(128, 0.05, 2, 0.001, 0.05, 16, 42);

    /** The same render with another number of steps (0 gives the shared random start). */
    public Render withSteps(int n) {
        return new Render(n, learningRate, jitter, decay, totalVariation, blurEvery, seed);
    }

    /** What the render loop raises: one value per image of the batch, differentiable. */
    @FunctionalInterface
    public interface Goal {
        NDArray values(ParameterStore ps, NDArray images);
    }

    /** One image per entry of {@code channels}, each maximising its channel's unit at {@code stage}. */
    public float[] maximise(TappedNetwork net, String stage, Unit unit, int[] channels) {
        return run(sharedStart(channels.length), channels.length,
                (ps, images) -> unit.values(net.forwardTo(ps, images, stage, false), channels), new int[0], null);
    }

    /** The shared random start, repeated for n images. */
    public float[] sharedStart(int n) {
        Random random = new Random(seed);
        float[] start = new float[3 * 28 * 28];
        for (int j = 0; j < start.length; j++) {
            start[j] = (float) (0.5 + 0.1 * random.nextGaussian());
        }
        float[] x = new float[n * start.length];
        for (int i = 0; i < n; i++) {
            System.arraycopy(start, 0, x, i * start.length, start.length);
        }
        return x;
    }

    /**
     * Gradient ascent on {@code goal} from {@code start} (n images), returning the final images;
     * the images at each step listed in {@code snapshotAt} are copied into {@code snapshots}.
     */
    public float[] run(float[] start, int n, Goal goal, int[] snapshotAt, java.util.List<float[]> snapshots) {
        Random random = new Random(seed + 1);
        float[] x = start.clone();
        try (NDManager manager = NDManager.newBaseManager()) {
            ParameterStore ps = new ParameterStore(manager, false);
            for (int step = 1; step <= steps; step++) {
                int dy = jitter == 0 ? 0 : random.nextInt(2 * jitter + 1) - jitter;
                int dx = jitter == 0 ? 0 : random.nextInt(2 * jitter + 1) - jitter;
                float[] g;
                try (NDManager scope = manager.newSubManager()) {
                    NDArray image = scope.create(x, new Shape(n, 3, 28, 28));
                    image.setRequiresGradient(true);
                    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                        NDArray objective = goal.values(ps, roll(image, dy, dx)).sum()
                                .sub(totalVariation(image).mul(totalVariation));
                        collector.backward(objective);
                    }
                    g = image.getGradient().toFloatArray();
                }
                ascend(x, g, n);
                if (blurEvery > 0 && step % blurEvery == 0) {
                    x = Maps.blur(x, n, 3, 28, 28, 0.5);
                }
                for (int at : snapshotAt) {
                    if (at == step) {
                        snapshots.add(x.clone());
                    }
                }
            }
        }
        return x;
    }

    /** The unit's value for each image (for measuring what the ascent achieved). */
    public static float[] values(TappedNetwork net, String stage, Unit unit, int[] channels, float[] images) {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.create(images, new Shape(channels.length, 3, 28, 28));
            return unit.values(net.forwardTo(new ParameterStore(manager, false), x, stage, false), channels).toFloatArray();
        }
    }

    /** A step along each image's gradient normalised by its mean magnitude, then decay and clamping. */
    private void ascend(float[] x, float[] g, int n) {
        int size = x.length / n;
        for (int i = 0; i < n; i++) {
            double mean = 0;
            for (int j = 0; j < size; j++) {
                mean += Math.abs(g[i * size + j]);
            }
            mean = mean / size + 1e-8;
            for (int j = 0; j < size; j++) {
                int k = i * size + j;
                float v = (float) (x[k] + learningRate * g[k] / mean);
                v = (float) (0.5 + (v - 0.5) * (1 - decay));
                x[k] = Math.min(1, Math.max(0, v));
            }
        }
    }

    private static NDArray roll(NDArray image, int dy, int dx) {
        NDArray out = image;
        if (dy != 0) {
            out = out.concat(out, 2).get(new ai.djl.ndarray.index.NDIndex(":, :, {}:{}", 28 - Math.floorMod(dy, 28),
                    56 - Math.floorMod(dy, 28)));
        }
        if (dx != 0) {
            out = out.concat(out, 3).get(new ai.djl.ndarray.index.NDIndex(":, :, :, {}:{}", 28 - Math.floorMod(dx, 28),
                    56 - Math.floorMod(dx, 28)));
        }
        return out;
    }

    /** Mean absolute difference between neighbouring pixels, per batch. */
    private static NDArray totalVariation(NDArray image) {
        NDArray down = image.get(":, :, 1:, :").sub(image.get(":, :, :-1, :")).abs().mean();
        NDArray right = image.get(":, :, :, 1:").sub(image.get(":, :, :, :-1")).abs().mean();
        return down.add(right);
    }
}
