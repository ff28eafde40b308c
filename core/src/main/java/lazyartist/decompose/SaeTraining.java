package lazyartist.decompose;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Activation;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;
import lazyartist.data.SplitDataset;
import lazyartist.io.ProgressBars;
import lazyartist.model.Gradients;
import lazyartist.model.Optimiser;
import me.tongfei.progressbar.ProgressBar;

/**
 * Trains a sparse autoencoder on tokens with Adam. The tokens are scaled so that their mean squared
 * norm equals their width (SAELens' normalisation; the scale is folded back into the biases at the
 * end). Dead features are revived by the auxiliary loss of Gao et al. (2024): the features that
 * have not fired for {@link #DEAD_AFTER} tokens reconstruct what the live ones missed.
 *
 * <p>JumpReLU learns the log of each feature's threshold, as SAELens, but starts it where the feature
 * fires on k / d_sae of the first batch's tokens rather than at SAELens' 0.001: Adam moves a log
 * threshold by about its step size per step, a factor of about 2 over this lab's default 800 steps,
 * too little to travel from 0.001 to where the L0 penalty balances the reconstruction.
 */
public final class SaeTraining {

    /** A feature that has not fired for this many tokens counts as dead for the auxiliary loss. */
    static final long DEAD_AFTER = 10_000;
    /** Weight of the auxiliary loss (Gao et al. use 1/32). */
    static final float AUX_WEIGHT = 1f / 32;
    /** The dead features may use at most half the token width to explain the residual. */
    static final int AUX_K_DIVISOR = 2;
    /** JumpReLU's L0 coefficient rises linearly over this share of the training steps. */
    static final double WARM_UP_SHARE = 0.1;
    /** The rate of BatchTopK's threshold estimate. */
    static final double THRESHOLD_RATE = 0.01;
    /** Tokens are summed in float64 this many values at a time. */
    private static final int SLICE_VALUES = 1 << 20;

    /** A trained autoencoder, the scale its training data was multiplied by, and the loss per epoch. */
    public record Result(SparseAutoencoder sae, float scale, List<Double> losses, double seconds) {}

    private SaeTraining() {}

    /**
     * Trains on {@code tokens}: an n × width array of raw activations, which it leaves as it is. The
     * engine holds them: each batch is gathered there, where a batch handed over as a Java array would be
     * copied into a direct buffer that only the garbage collector frees (~0.7 GB between two collections).
     */
    public static Result train(NDArray tokens, SaeOptions o, boolean quiet) {
        long start = System.nanoTime();
        int n = (int) tokens.getShape().get(0);
        int width = (int) tokens.getShape().get(1);
        int dSae = o.dictionarySize(width);
        double[] mean = new double[width];
        double sumSquares = 0;
        int rows = Math.max(1, SLICE_VALUES / width);
        for (int from = 0; from < n; from += rows) {
            try (NDManager scope = tokens.getManager().newSubManager()) {
                NDArray slice = tokens.get(new NDIndex(from + ":" + Math.min(n, from + rows)));
                slice.attach(scope);
                NDArray wide = slice.toType(DataType.FLOAT64, false);
                sumSquares += wide.square().sum().getDouble();
                double[] columns = wide.sum(new int[] {0}).toDoubleArray();
                for (int j = 0; j < width; j++) {
                    mean[j] += columns[j];
                }
            }
        }
        float scale = (float) Math.sqrt(width / Math.max(sumSquares / n, 1e-12));
        float[] centre = new float[width];
        for (int j = 0; j < width; j++) {
            centre[j] = (float) (mean[j] / n * scale);
        }
        SparseAutoencoder sae = SparseAutoencoder.init(o.kind(), o.k(), width, dSae, centre, o.seed());
        List<Integer> prefixes = o.kind() == SparseAutoencoder.Kind.MATRYOSHKA ? o.prefixes(dSae) : List.of(dSae);
        Threshold threshold = new Threshold();
        List<Double> losses = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager()) {
            List<ai.djl.nn.Parameter> trained = new ArrayList<>(sae.parameters());
            if (o.kind() == SparseAutoencoder.Kind.JUMPRELU) {
                threshold.log = logThresholds(sae, tokens, scale, o, manager);
                trained.add(threshold.log);
            }
            Optimiser adam = new Optimiser(Optimiser.Kind.ADAM, o.learningRate(), 0, 0.9, trained, manager);
            long[] sinceFired = new long[dSae];
            int batches = (n + o.batchSize() - 1) / o.batchSize();
            threshold.warmUpSteps = warmUpSteps(n, o);
            for (int epoch = 0; epoch < o.epochs(); epoch++) {
                int[] order = SplitDataset.permutation(n, o.seed() * 1_000_003L + epoch);
                double lossSum = 0;
                try (ProgressBar bar = quiet ? null : ProgressBars.create(
                        String.format("sae epoch %d/%d", epoch + 1, o.epochs()), batches)) {
                    for (int b = 0; b < batches; b++) {
                        int from = b * o.batchSize();
                        int size = Math.min(o.batchSize(), n - from);
                        try (NDManager scope = manager.newSubManager()) {
                            NDArray x = SplitDataset.rows(tokens, java.util.Arrays.copyOfRange(order, from, from + size),
                                    scope).muli(scale);
                            boolean[] fired = new boolean[dSae];
                            lossSum += step(sae, x, sinceFired, o, fired, prefixes, threshold) * size;
                            for (int f = 0; f < dSae; f++) {
                                sinceFired[f] = fired[f] ? 0 : sinceFired[f] + size;
                            }
                        }
                        adam.step();
                        sae.normaliseDecoder();
                        threshold.steps++;
                        if (bar != null) {
                            bar.step();
                        }
                    }
                }
                losses.add(lossSum / n);
            }
            if (o.kind() == SparseAutoencoder.Kind.JUMPRELU) {
                sae.setThresholds(threshold.log.getArray().exp());
            } else if (o.kind().thresholded()) {
                sae.setThreshold((float) threshold.value);
            }
        }
        sae.unscale(scale);
        return new Result(sae, scale, losses, (System.nanoTime() - start) / 1e9);
    }

    /** The steps over which JumpReLU's L0 coefficient warms up (SAELens' {@code l0_warm_up_steps}). */
    static int warmUpSteps(long tokens, SaeOptions o) {
        long steps = (tokens + o.batchSize() - 1) / o.batchSize() * o.epochs();
        return (int) Math.ceil(WARM_UP_SHARE * steps);
    }

    /**
     * JumpReLU's starting log thresholds: each feature's pre-activation on the first batch of the first
     * epoch at the quantile where it fires on k / d_sae of the tokens (at least 0.001, SAELens' start).
     */
    private static ai.djl.nn.Parameter logThresholds(SparseAutoencoder sae, NDArray tokens, float scale,
            SaeOptions o, NDManager manager) {
        int n = (int) tokens.getShape().get(0);
        int size = Math.min(o.batchSize(), n);
        int[] first = java.util.Arrays.copyOf(SplitDataset.permutation(n, o.seed() * 1_000_003L), size);
        try (NDManager scope = manager.newSubManager()) {
            NDArray pre = sae.preActivations(SplitDataset.rows(tokens, first, scope).muli(scale)).sort(0);
            int row = Math.min(size - 1, (int) Math.floor(size * (1 - (double) o.k() / sae.dSae())));
            NDArray start = pre.get(new NDIndex(row)).maximum(1e-3f).log();
            ai.djl.nn.Parameter p = ai.djl.nn.Parameter.builder().setName("log_threshold")
                    .setType(ai.djl.nn.Parameter.Type.WEIGHT).build();
            start.attach(manager);
            start.setRequiresGradient(true);
            p.setArray(start);
            return p;
        }
    }

    /**
     * The thresholds as they train: BatchTopK's estimate, a moving average (rate {@link #THRESHOLD_RATE},
     * as SAELens) of the smallest value each batch kept; JumpReLU's learned log thresholds and the L0
     * coefficient's warm-up.
     */
    static final class Threshold {
        double value = Double.NaN;
        ai.djl.nn.Parameter log;
        int steps;
        int warmUpSteps;

        /** The share of the L0 coefficient in force at this step. */
        double warmUp() {
            return warmUpSteps == 0 ? 1 : Math.min(1, (steps + 1) / (double) warmUpSteps);
        }

        void observe(double smallestKept) {
            value = Double.isNaN(value) ? smallestKept : value + THRESHOLD_RATE * (smallestKept - value);
        }
    }

    /**
     * The reconstruction loss: the squared error of each prefix's reconstruction (the first
     * {@code prefixes[i]} features and decoder rows), summed; a plain autoencoder has one prefix, the
     * whole dictionary. Returns the loss and the whole dictionary's reconstruction.
     */
    static NDArray[] reconstruction(SparseAutoencoder sae, NDArray x, NDArray f, List<Integer> prefixes) {
        NDArray loss = null;
        NDArray xHat = null;
        int dSae = sae.dSae();
        for (int p : prefixes) {
            NDArray part = p == dSae ? sae.decode(f) : f.get(new NDIndex(":, :" + p))
                    .matMul(sae.decoder().get(new NDIndex(":" + p))).add(sae.bDec.getArray());
            NDArray error = part.sub(x).square().sum(new int[] {1}).mean();
            loss = loss == null ? error : loss.add(error);
            xHat = part;
        }
        return new NDArray[] {loss, xHat};
    }

    /** One step's gradients; returns the loss and marks in {@code fired} the features active on some token. */
    private static double step(SparseAutoencoder sae, NDArray x, long[] sinceFired, SaeOptions o, boolean[] fired,
            List<Integer> prefixes, Threshold threshold) {
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray pre = sae.preActivations(x);
            // TopK decodes densely too: gathering its k decoder rows per token instead trained 1.6x slower on
            // 2 cores, and the gather's backward sums in no fixed order (the same run gave other features).
            NDArray f;
            NDArray l0Penalty = null;
            if (sae.kind() == SparseAutoencoder.Kind.JUMPRELU) {
                NDArray theta = threshold.log.getArray().exp();
                // Results live with their first operand: in the batch's scope, not the training's manager.
                theta.attach(x.getManager());
                NDArray[] jump = SparseAutoencoder.jumpRelu(pre, theta, o.bandwidth());
                f = jump[0];
                l0Penalty = jump[1].sum(new int[] {1}).mean()
                        .mul(Gradients.scalar(x, o.l0Coefficient() * threshold.warmUp()));
            } else if (sae.kind().thresholded()) {
                f = SparseAutoencoder.keepLargestOverall(Activation.relu(pre), o.k() * (int) x.getShape().get(0));
                NDArray kept = f.stopGradient();
                threshold.observe(kept.add(kept.eq(0f).toType(DataType.FLOAT32, false).mul(1e30f)).min().getFloat());
            } else {
                f = sae.activate(pre);
            }
            NDArray[] reconstruction = reconstruction(sae, x, f, prefixes);
            NDArray loss = reconstruction[0];
            NDArray xHat = reconstruction[1];
            if (l0Penalty != null) {
                loss = loss.add(l0Penalty);
            }
            if (sae.kind() == SparseAutoencoder.Kind.RELU_L1) {
                NDArray rowNorms = sae.decoder().norm(new int[] {1});
                rowNorms.attach(x.getManager());
                loss = loss.add(f.mul(rowNorms).sum(new int[] {1}).mean().mul(Gradients.scalar(x, o.l1())));
            }
            long[] firing = f.stopGradient().gt(0f).sum(new int[] {0}).toLongArray();
            for (int i = 0; i < firing.length; i++) {
                fired[i] = firing[i] > 0;
            }
            float[] dead = new float[sinceFired.length];
            int deadCount = 0;
            for (int i = 0; i < dead.length; i++) {
                if (sinceFired[i] >= DEAD_AFTER) {
                    dead[i] = 1;
                    deadCount++;
                }
            }
            // The penalised kinds' penalty, not an auxiliary loss, decides which features live (as their papers).
            // With the auxiliary loss JumpReLU's fit and dead share on the lazy CNN's tokens were the same (a
            // revived encoder still sits below its threshold, which gets no gradient that far from it), and
            // ReLU-L1's fit too (explained variance 0.844 both ways) while it trained in 68 s, not 44 s.
            if (deadCount > 0 && !sae.kind().penalised()) {
                NDArray mask = x.getManager().create(dead);
                // Live features are pushed far below zero so that only dead ones can be chosen. No ReLU here:
                // dead features have negative pre-activations, and only these carry them a gradient.
                NDArray deadPre = pre.mul(mask).add(mask.sub(1f).mul(1e4f));
                int auxK = Math.min(deadCount, Math.max(1, sae.dIn() / AUX_K_DIVISOR));
                NDArray residual = x.sub(xHat).stopGradient();
                NDArray explained = SparseAutoencoder.keepLargest(deadPre, auxK).matMul(sae.decoder());
                NDArray aux = explained.sub(residual).square().sum(new int[] {1}).mean();
                loss = loss.add(aux.mul(Gradients.scalar(x, AUX_WEIGHT)));
            }
            Gradients.zero(sae.parameters());
            if (threshold.log != null) {
                Gradients.zero(List.of(threshold.log));
            }
            collector.backward(loss);
            return loss.getFloat();
        }
    }
}
