package lazyartist.probe;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.List;
import java.util.Random;
import lazyartist.data.Maps;
import lazyartist.data.Pixels;
import lazyartist.data.Staging;
import lazyartist.model.Gradients;
import lazyartist.model.TappedNetwork;

/**
 * The render loop of feature visualisation: gradient ascent on a batch of images through a
 * parametrisation, from a seeded start, each step seeing the images randomly shifted and scaled,
 * with L2 decay, a total-variation penalty and (for pixels) a periodic blur as regularisers.
 * Objectives are {@link Goal}s; activation maximisation, deep dream and inversion all use it.
 *
 * @param steps gradient-ascent steps
 * @param learningRate step size on the normalised gradient
 * @param jitter largest random shift in pixels applied before each forward pass
 * @param scale largest random zoom (± this fraction) applied before each forward pass
 * @param decay L2 decay of the parameters per step
 * @param totalVariation weight of the total-variation penalty
 * @param blurEvery blur pixel images (σ 0.5) every this many steps; 0 never
 */
public record Render(int steps, double learningRate, int jitter, double scale, double decay, double totalVariation,
        int blurEvery, Parametrisation parametrisation, long seed) {

    public static final Render DEFAULT = new Render(128, 0.05, 2, 0.1, 0.001, 0.05, 16, Parametrisation.PIXELS, 42);

    /** What the render loop raises: one value per image of the batch, differentiable. */
    @FunctionalInterface
    public interface Goal {
        NDArray values(ParameterStore ps, NDArray images);
    }

    /** The same render with another number of steps (0 gives the start). */
    public Render withSteps(int n) {
        return new Render(n, learningRate, jitter, scale, decay, totalVariation, blurEvery, parametrisation, seed);
    }

    /** The same render with another parametrisation. */
    public Render with(Parametrisation p) {
        return new Render(steps, learningRate, jitter, scale, decay, totalVariation, blurEvery, p, seed);
    }

    /** The same render with the parametrisation of a name ({@link Parametrisation#parse}). */
    public Render withParametrisation(String name) {
        return with(Parametrisation.parse(name));
    }

    public Render withLearningRate(double rate) {
        return new Render(steps, rate, jitter, scale, decay, totalVariation, blurEvery, parametrisation, seed);
    }

    public Render withSeed(long s) {
        return new Render(steps, learningRate, jitter, scale, decay, totalVariation, blurEvery, parametrisation, s);
    }

    /** One image per entry of {@code channels}, each maximising its channel's unit at {@code stage}. */
    public float[] maximise(TappedNetwork net, String stage, Unit unit, int[] channels) {
        return maximise(net, channels.length, (ps, images) -> unit.values(net.forwardTo(ps, images, stage, false),
                channels));
    }

    /** n images, each raising its own entry of the goal (read from {@code net}), from the shared random start. */
    public float[] maximise(TappedNetwork net, int n, Goal goal) {
        return ascend(net, start(n), n, goal, new int[0], null);
    }

    /** The images the ascent starts from: the shared random start in the parametrisation. */
    public float[] startImages(int n) {
        return images(start(n), n);
    }

    private float[] start(int n) {
        return parametrisation.randomStart(sharedStart(n), n, new Random(seed));
    }

    /** The shared random start in pixels, repeated for n images. */
    public float[] sharedStart(int n) {
        Random random = new Random(seed);
        float[] start = new float[Pixels.VALUES];
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
     * Gradient ascent on {@code goal}, which reads {@code net}, from start images (n images, pixels in
     * [0, 1]); the images at each step listed in {@code snapshotAt} are copied into {@code snapshots}.
     */
    public float[] run(TappedNetwork net, float[] startImages, int n, Goal goal, int[] snapshotAt,
            List<float[]> snapshots) {
        return ascend(net, parametrisation.fromImages(startImages, n), n, goal, snapshotAt, snapshots);
    }

    private float[] ascend(TappedNetwork net, float[] start, int n, Goal goal, int[] snapshotAt,
            List<float[]> snapshots) {
        Random random = new Random(seed + 1);
        float[] p = start.clone();
        // The ascent reads only the image's gradient: the weights' would be computed for nothing.
        try (NDManager manager = NDManager.newBaseManager(); TappedNetwork.Frozen frozen = net.frozen()) {
            ParameterStore ps = new ParameterStore(manager, false);
            for (int step = 1; step <= steps; step++) {
                int dy = jitter == 0 ? 0 : random.nextInt(2 * jitter + 1) - jitter;
                int dx = jitter == 0 ? 0 : random.nextInt(2 * jitter + 1) - jitter;
                double zoom = 1 + scale * (2 * random.nextDouble() - 1);
                float[] g;
                try (NDManager scope = manager.newSubManager()) {
                    NDArray params = Staging.floats(scope, p, Pixels.batch(n));
                    params.setRequiresGradient(true);
                    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                        NDArray image = parametrisation.image(params);
                        NDArray seen = zoom(roll(image, dy, dx), zoom);
                        NDArray smoothness = totalVariation(image).mul(Gradients.scalar(image, totalVariation));
                        collector.backward(goal.values(ps, seen).sum().sub(smoothness));
                    }
                    g = params.getGradient().toFloatArray();
                }
                step(p, g, n);
                if (parametrisation.clamps() && blurEvery > 0 && step % blurEvery == 0) {
                    p = Maps.blur(p, n, Pixels.CHANNELS, Pixels.SIDE, Pixels.SIDE, 0.5);
                }
                for (int at : snapshotAt) {
                    if (at == step) {
                        snapshots.add(images(p, n));
                    }
                }
            }
        }
        return images(p, n);
    }

    /** The images of parameters. */
    private float[] images(float[] p, int n) {
        if (parametrisation.clamps()) {
            return p.clone();
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            return parametrisation.image(manager.create(p, Pixels.batch(n))).toFloatArray();
        }
    }

    /** A step along each image's gradient normalised by its mean magnitude, then decay (and clamping for pixels). */
    private void step(float[] p, float[] g, int n) {
        int size = p.length / n;
        float centre = parametrisation.clamps() ? 0.5f : 0f;
        for (int i = 0; i < n; i++) {
            double mean = 0;
            for (int j = 0; j < size; j++) {
                mean += Math.abs(g[i * size + j]);
            }
            mean = mean / size + 1e-8;
            for (int j = 0; j < size; j++) {
                int k = i * size + j;
                float v = (float) (p[k] + learningRate * g[k] / mean);
                v = (float) (centre + (v - centre) * (1 - decay));
                p[k] = parametrisation.clamps() ? Math.min(1, Math.max(0, v)) : v;
            }
        }
    }

    /** The unit's value for each image (for measuring what the ascent achieved). */
    public static float[] values(TappedNetwork net, String stage, Unit unit, int[] channels, float[] images) {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.create(images, Pixels.batch(channels.length));
            return unit.values(net.forwardTo(new ParameterStore(manager, false), x, stage, false), channels).toFloatArray();
        }
    }

    private static NDArray roll(NDArray image, int dy, int dx) {
        NDArray out = image;
        if (dy != 0) {
            out = out.concat(out, 2).get(new ai.djl.ndarray.index.NDIndex(":, :, {}:{}", Pixels.SIDE - Math.floorMod(dy, Pixels.SIDE),
                    2 * Pixels.SIDE - Math.floorMod(dy, Pixels.SIDE)));
        }
        if (dx != 0) {
            out = out.concat(out, 3).get(new ai.djl.ndarray.index.NDIndex(":, :, :, {}:{}", Pixels.SIDE - Math.floorMod(dx, Pixels.SIDE),
                    2 * Pixels.SIDE - Math.floorMod(dx, Pixels.SIDE)));
        }
        return out;
    }

    /** Zooms about the centre by bilinear resampling written as R · image · Rᵀ, so it stays differentiable. */
    private static NDArray zoom(NDArray image, double factor) {
        if (factor == 1) {
            return image;
        }
        float[] r = new float[Pixels.PIXELS];
        double centre = Pixels.SIDE / 2.0;
        for (int y = 0; y < Pixels.SIDE; y++) {
            double src = Math.min(Pixels.SIDE - 1, Math.max(0, (y + 0.5 - centre) / factor + centre - 0.5));
            int y0 = (int) Math.floor(src);
            int y1 = Math.min(Pixels.SIDE - 1, y0 + 1);
            double w = src - y0;
            r[y * Pixels.SIDE + y0] += (float) (1 - w);
            r[y * Pixels.SIDE + y1] += (float) w;
        }
        NDArray resample = image.getManager().create(r, new Shape(Pixels.SIDE, Pixels.SIDE));
        return resample.matMul(image).matMul(resample.transpose());
    }

    /** Mean absolute difference between neighbouring pixels, per batch. */
    private static NDArray totalVariation(NDArray image) {
        NDArray down = image.get(":, :, 1:, :").sub(image.get(":, :, :-1, :")).abs().mean();
        NDArray right = image.get(":, :, :, 1:").sub(image.get(":, :, :, :-1")).abs().mean();
        return down.add(right);
    }
}
