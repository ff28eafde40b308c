package lazyartist.decompose;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import lazyartist.data.Pixels;
import lazyartist.probe.Render;

/**
 * What a feature wants: its decoder direction rendered through the network with the prober's
 * activation maximisation (the same parametrisation, transforms and regularisers). The objective is
 * the dot product of the stage's tokens with the decoder row, averaged over an image's tokens (one
 * for image tokens, one per position for position tokens), as Lucent's {@code direction} objective.
 * A random unit direction rendered the same way and scored on the feature is the control.
 */
public final class FeatureRender {

    /**
     * One feature's picture and its objective: at the shared start, after rendering, and on the
     * rendering of a random direction.
     */
    public record Rendered(int feature, float[] image, double startObjective, double objective,
            double randomDirectionObjective) {}

    private FeatureRender() {}

    public static List<Rendered> render(Stage stage, SparseAutoencoder sae, int[] features, Render render) {
        int n = features.length;
        List<Rendered> out = new ArrayList<>();
        if (n == 0) {
            return out;
        }
        float[] rows = rows(sae, features);
        float[] random = randomRows(n, stage.width(), render.seed());
        float[] images = render.maximise(stage.net(), n, (ps, x) -> objective(stage, ps, x, rows));
        float[] control = render.maximise(stage.net(), n, (ps, x) -> objective(stage, ps, x, random));
        double[] start = score(stage, render.startImages(n), rows, n);
        double[] after = score(stage, images, rows, n);
        double[] randomScore = score(stage, control, rows, n);
        for (int i = 0; i < n; i++) {
            out.add(new Rendered(features[i], java.util.Arrays.copyOfRange(images, i * Pixels.VALUES,
                    (i + 1) * Pixels.VALUES), start[i], after[i], randomScore[i]));
        }
        return out;
    }

    /** The features' rendered pictures, N×3×28×28 in [0, 1], without the control. */
    public static float[] images(Stage stage, SparseAutoencoder sae, int[] features, Render render) {
        float[] rows = rows(sae, features);
        return render.maximise(stage.net(), features.length, (ps, x) -> objective(stage, ps, x, rows));
    }

    /** The objective of each image for its own direction (n images, rows n × width). */
    static NDArray objective(Stage stage, ParameterStore ps, NDArray images, float[] rows) {
        long n = images.getShape().get(0);
        NDArray tokens = stage.tokens().toTokens(stage.net().forwardTo(ps, images, stage.name(), false))
                .reshape(n, stage.perImage(), stage.width());
        NDArray directions = images.getManager().create(rows, new Shape(n, 1, stage.width()));
        return tokens.mul(directions).sum(new int[] {2}).mean(new int[] {1});
    }

    /** The objective of images without gradients. */
    public static double[] score(Stage stage, float[] images, float[] rows, int n) {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.create(images, Pixels.batch(n));
            float[] v = objective(stage, new ParameterStore(manager, false), x, rows).toFloatArray();
            double[] out = new double[n];
            for (int i = 0; i < n; i++) {
                out[i] = v[i];
            }
            return out;
        }
    }

    /** The decoder rows of the features, one after another. */
    public static float[] rows(SparseAutoencoder sae, int[] features) {
        int width = sae.dIn();
        float[] all = sae.decoder().toFloatArray();
        float[] out = new float[features.length * width];
        for (int i = 0; i < features.length; i++) {
            System.arraycopy(all, features[i] * width, out, i * width, width);
        }
        return out;
    }

    /** Seeded random unit directions. */
    static float[] randomRows(int n, int width, long seed) {
        java.util.Random random = new java.util.Random(seed ^ 0x5EED);
        float[] out = new float[n * width];
        for (int i = 0; i < n; i++) {
            double norm = 0;
            for (int j = 0; j < width; j++) {
                out[i * width + j] = (float) random.nextGaussian();
                norm += out[i * width + j] * out[i * width + j];
            }
            for (int j = 0; j < width; j++) {
                out[i * width + j] /= (float) Math.sqrt(norm);
            }
        }
        return out;
    }
}
