package lazyartist.decompose;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.IntStream;
import lazyartist.data.ColoredSplit;

/**
 * One pass of a split through the network with a sparse autoencoder at a stage: how well it
 * reconstructs (and what the network does with its reconstruction), how often each feature fires,
 * each image's activation of each feature, and the predictions under every edit.
 */
public final class SaePass {

    /**
     * @param l0 mean active features per token
     * @param explainedVariance 1 − Σ‖x − x̂‖² / Σ‖x − x̄‖² over the split's tokens
     * @param splicedAccuracy the network's accuracy with the stage output replaced by the reconstruction
     * @param ceRecovered (CE_zero − CE_spliced) / (CE_zero − CE_original): 0 is zero-ablation, 1 the original
     * @param klSpliced mean KL divergence of the spliced network's class distribution from the original's
     * @param klZeroAblation the same with the stage output zeroed
     * @param klScore 1 − KL_spliced / KL_zero: 1 is the original's distribution, 0 zero-ablation's
     * @param shrinkage mean ‖x̂‖ / ‖x‖ over the tokens that are not zero: below 1, the reconstruction
     *     shrinks
     */
    public record Metrics(double l0, double explainedVariance, double accuracy, double splicedAccuracy,
            double ceOriginal, double ceSpliced, double ceZeroAblation, double ceRecovered, double klSpliced,
            double klZeroAblation, double klScore, double shrinkage) {}

    /**
     * @param firing per feature, tokens it is active on
     * @param activeSum per feature, the sum of its activations where active
     * @param imageActivation per image and feature (row-major), the largest activation over the image's tokens;
     *     empty when not asked for
     * @param predicted per edit name, the predicted digit of every image
     */
    public record Result(Metrics metrics, int tokens, long[] firing, double[] activeSum, float[] imageActivation,
            Map<String, int[]> predicted) {}

    private SaePass() {}

    /** A pass with every edit; {@code perImage}: also each image's activation of each feature. */
    static Result run(Stage stage, SparseAutoencoder sae, ColoredSplit split, Map<String, Edit> edits,
            boolean perImage) {
        int n = split.size();
        int dSae = sae.dSae();
        int width = stage.width();
        int per = stage.perImage();
        long[] firing = new long[dSae];
        double[] activeSum = new double[dSae];
        float[] imageActivation = new float[perImage ? n * dSae : 0];
        Map<String, int[]> predicted = new LinkedHashMap<>();
        edits.keySet().forEach(k -> predicted.put(k, new int[n]));
        int[] original = new int[n];
        int[] spliced = new int[n];
        // l0, sse, Σx², ce original, ce spliced, ce zero, tokens, kl spliced, kl zero, Σ‖x̂‖/‖x‖, nonzero tokens
        double[] sums = new double[11];
        double[] sumX = new double[width];
        int[] samples = IntStream.range(0, n).toArray();
        stage.forEachBatch(split, samples, (batch, x) -> {
            long b = batch.length;
            NDArray f = sae.encode(x);
            NDArray xHat = sae.decode(f);
            NDArray labels = x.getManager().create(java.util.Arrays.stream(batch).mapToLong(i -> split.labels()[i])
                    .toArray());
            NDArray originalLogits = stage.logitsFrom(x, b);
            NDArray splicedLogits = stage.logitsFrom(xHat, b);
            NDArray zeroLogits = stage.logitsFrom(x.zerosLike(), b);
            sums[0] += f.gt(0f).sum().toType(DataType.FLOAT64, false).getDouble();
            sums[1] += x.sub(xHat).square().sum().toType(DataType.FLOAT64, false).getDouble();
            sums[2] += x.square().sum().toType(DataType.FLOAT64, false).getDouble();
            sums[3] += crossEntropy(originalLogits, labels);
            sums[4] += crossEntropy(splicedLogits, labels);
            sums[5] += crossEntropy(zeroLogits, labels);
            sums[6] += x.getShape().get(0);
            sums[7] += klDivergence(originalLogits, splicedLogits);
            sums[8] += klDivergence(originalLogits, zeroLogits);
            NDArray norms = x.norm(new int[] {1});
            NDArray nonzero = norms.gt(0f);
            sums[9] += xHat.norm(new int[] {1}).div(norms.maximum(1e-30f)).mul(nonzero.toType(DataType.FLOAT32, false))
                    .sum().toType(DataType.FLOAT64, false).getDouble();
            sums[10] += nonzero.sum().toType(DataType.FLOAT64, false).getDouble();
            float[] column = x.sum(new int[] {0}).toFloatArray();
            for (int j = 0; j < width; j++) {
                sumX[j] += column[j];
            }
            long[] fired = f.gt(0f).sum(new int[] {0}).toLongArray();
            float[] active = f.sum(new int[] {0}).toFloatArray();
            for (int j = 0; j < dSae; j++) {
                firing[j] += fired[j];
                activeSum[j] += active[j];
            }
            if (perImage) {
                float[] strongest = f.reshape(b, per, dSae).max(new int[] {1}).toFloatArray();
                System.arraycopy(strongest, 0, imageActivation, batch[0] * dSae, strongest.length);
            }
            copyArgMax(originalLogits, original, batch[0]);
            copyArgMax(splicedLogits, spliced, batch[0]);
            for (var e : edits.entrySet()) {
                // Each edit's arrays go when it is read: with position tokens one edit of a batch holds ~50 MB.
                try (ai.djl.ndarray.NDScope ignored = new ai.djl.ndarray.NDScope()) {
                    copyArgMax(stage.logitsFrom(e.getValue().output(sae, x, f), b), predicted.get(e.getKey()),
                            batch[0]);
                }
            }
        });
        double tokens = sums[6];
        double meanSquare = 0;
        for (double s : sumX) {
            meanSquare += s * s;
        }
        double variance = sums[2] - meanSquare / tokens;
        double ceOriginal = sums[3] / n;
        double ceSpliced = sums[4] / n;
        double ceZero = sums[5] / n;
        Metrics metrics = new Metrics(sums[0] / tokens, 1 - sums[1] / variance, accuracy(original, split),
                accuracy(spliced, split), ceOriginal, ceSpliced, ceZero, (ceZero - ceSpliced) / (ceZero - ceOriginal),
                sums[7] / n, sums[8] / n, 1 - sums[7] / sums[8], sums[10] == 0 ? Double.NaN : sums[9] / sums[10]);
        return new Result(metrics, (int) tokens, firing, activeSum, imageActivation, predicted);
    }

    /** Summed cross-entropy of a batch. */
    private static double crossEntropy(NDArray logits, NDArray labels) {
        return logits.logSoftmax(1).gather(labels.reshape(-1, 1), 1).neg().sum().toType(DataType.FLOAT64, false)
                .getDouble();
    }

    /** Summed KL divergence KL(p ‖ q) of a batch's class distributions, p from {@code from}, q from {@code to}. */
    private static double klDivergence(NDArray from, NDArray to) {
        NDArray logP = from.logSoftmax(1);
        return logP.exp().mul(logP.sub(to.logSoftmax(1))).sum().toType(DataType.FLOAT64, false).getDouble();
    }

    private static void copyArgMax(NDArray logits, int[] into, int at) {
        long[] best = logits.argMax(1).toLongArray();
        for (int i = 0; i < best.length; i++) {
            into[at + i] = (int) best[i];
        }
    }

    /** Share of images predicted as their digit. */
    static double accuracy(int[] predicted, ColoredSplit split) {
        int right = 0;
        for (int i = 0; i < predicted.length; i++) {
            right += predicted[i] == split.labels()[i] ? 1 : 0;
        }
        return right / (double) predicted.length;
    }

    /** Share of images predicted as the digit whose colour they wear. */
    static double colourAgreement(int[] predicted, ColoredSplit split) {
        int agree = 0;
        for (int i = 0; i < predicted.length; i++) {
            agree += predicted[i] == split.colours()[i] ? 1 : 0;
        }
        return agree / (double) predicted.length;
    }
}
