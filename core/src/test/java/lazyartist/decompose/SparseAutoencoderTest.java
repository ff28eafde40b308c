package lazyartist.decompose;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Sparse autoencoders of every kind recover a planted dictionary, and each keeps its features as its rule says. */
class SparseAutoencoderTest {

    static final int WIDTH = 32;
    static final int ATOMS = 64;
    static final int ACTIVE = 3;

    /** 64 random unit directions in 32 dimensions (rows). */
    static float[] dictionary(Random random) {
        float[] d = new float[ATOMS * WIDTH];
        for (int a = 0; a < ATOMS; a++) {
            double norm = 0;
            for (int j = 0; j < WIDTH; j++) {
                d[a * WIDTH + j] = (float) random.nextGaussian();
                norm += d[a * WIDTH + j] * d[a * WIDTH + j];
            }
            for (int j = 0; j < WIDTH; j++) {
                d[a * WIDTH + j] /= (float) Math.sqrt(norm);
            }
        }
        return d;
    }

    /** Samples made of 3 random atoms with positive weights. */
    static float[] samples(float[] dictionary, int n, Random random) {
        float[] x = new float[n * WIDTH];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < ACTIVE; c++) {
                int a = random.nextInt(ATOMS);
                float w = 0.5f + random.nextFloat();
                for (int j = 0; j < WIDTH; j++) {
                    x[i * WIDTH + j] += w * dictionary[a * WIDTH + j];
                }
            }
        }
        return x;
    }

    /** For every planted atom, the best cosine with a decoder row; averaged. */
    static double meanBestCosine(float[] planted, SparseAutoencoder sae) {
        float[] dec = sae.decoder().toFloatArray();
        int rows = sae.dSae();
        double sum = 0;
        for (int a = 0; a < ATOMS; a++) {
            double best = -1;
            for (int r = 0; r < rows; r++) {
                double dot = 0;
                double norm = 0;
                for (int j = 0; j < WIDTH; j++) {
                    dot += planted[a * WIDTH + j] * dec[r * WIDTH + j];
                    norm += dec[r * WIDTH + j] * dec[r * WIDTH + j];
                }
                best = Math.max(best, dot / Math.sqrt(norm));
            }
            sum += best;
        }
        return sum / ATOMS;
    }

    private static SparseAutoencoder trained(SaeOptions options) {
        Random random = new Random(7);
        float[] planted = dictionary(random);
        SparseAutoencoder sae;
        try (NDManager m = NDManager.newBaseManager()) {
            sae = SaeTraining.train(m.create(samples(planted, 20_000, random), new Shape(20_000, WIDTH)), options, true)
                    .sae();
        }
        assertThat(meanBestCosine(planted, sae)).as(options.kind().key()).isGreaterThanOrEqualTo(0.9);
        return sae;
    }

    @Test
    void topKRecoversAPlantedDictionaryAndKeepsKFeatures() {
        try (SparseAutoencoder sae = trained(new SaeOptions(SparseAutoencoder.Kind.TOPK, ACTIVE, 0, 2, 20, 128, 3e-3,
                1))) {
            try (NDManager m = NDManager.newBaseManager()) {
                NDArray x = m.randomNormal(new Shape(50, WIDTH));
                long[] l0 = sae.encode(x).gt(0f).sum(new int[] {1}).toLongArray();
                assertThat(l0).containsOnly(ACTIVE);
            }
        }
    }

    @Test
    void reluL1RecoversAPlantedDictionary() {
        trained(new SaeOptions(SparseAutoencoder.Kind.RELU_L1, 0, 0.3, 2, 20, 128, 3e-3, 1)).close();
    }

    /** Mean active features per token on fresh samples of the planted dictionary. */
    private static double heldOutL0(SparseAutoencoder sae) {
        Random random = new Random(7);
        float[] planted = dictionary(random);
        Random fresh = new Random(99);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(samples(planted, 2_000, fresh), new Shape(2_000, WIDTH));
            return sae.encode(x).gt(0f).sum().getLong() / 2_000.0;
        }
    }

    @Test
    void batchTopKRecoversAPlantedDictionaryAndItsThresholdKeepsKOnAverage() {
        try (SparseAutoencoder sae = trained(new SaeOptions(SparseAutoencoder.Kind.BATCHTOPK, ACTIVE, 0, 2, 6, 128,
                3e-3, 1))) {
            assertThat(heldOutL0(sae)).isCloseTo(ACTIVE, org.assertj.core.data.Percentage.withPercentage(10));
        }
    }

    @Test
    void batchTopKKeepsExactlyKTimesBatchValuesOverTheBatch() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray values = m.randomUniform(0.1f, 1f, new Shape(16, 40));
            NDArray kept = SparseAutoencoder.keepLargestOverall(values, 3 * 16);
            assertThat(kept.gt(0f).sum().getLong()).isEqualTo(48);
            // Rows keep different numbers: the budget is the batch's, not each token's.
            assertThat(kept.gt(0f).sum(new int[] {1}).toLongArray()).doesNotContain(-1).isNotEqualTo(
                    new long[] {3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3});
            float smallestKept = kept.add(kept.eq(0f).toType(ai.djl.ndarray.types.DataType.FLOAT32, false).mul(9f))
                    .min().getFloat();
            float largestDropped = values.sub(kept).max().getFloat();
            assertThat(largestDropped).isLessThanOrEqualTo(smallestKept);
        }
    }

    /** One seed, one file, byte for byte; another seed, another file. */
    @Test
    void aSeedGivesTheSameFileByteForByte(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp)
            throws java.io.IOException {
        Random random = new Random(7);
        float[] x = samples(dictionary(random), 2_000, random);
        SaeOptions options = new SaeOptions(SparseAutoencoder.Kind.BATCHTOPK, ACTIVE, 0, 2, 2, 128, 3e-3, 1);
        byte[][] files = new byte[3][];
        for (int run = 0; run < 3; run++) {
            SaeOptions o = run < 2 ? options : new SaeOptions(options.kind(), ACTIVE, 0, 2, 2, 128, 3e-3, 2);
            java.nio.file.Path file = tmp.resolve("sae-" + run + ".safetensors");
            try (NDManager m = NDManager.newBaseManager();
                    SparseAutoencoder sae = SaeTraining.train(m.create(x, new Shape(2_000, WIDTH)), o, true).sae()) {
                sae.save(file, java.util.Map.of());
            }
            files[run] = java.nio.file.Files.readAllBytes(file);
        }
        assertThat(files[1]).isEqualTo(files[0]);
        assertThat(files[2]).isNotEqualTo(files[0]);
    }

    /** A thresholded kind's file holds its threshold, and reads back to the same features. */
    @Test
    void aBatchTopKFileKeepsItsThreshold(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) {
        java.nio.file.Path file = tmp.resolve("sae.safetensors");
        try (SparseAutoencoder sae = SparseAutoencoder.init(SparseAutoencoder.Kind.BATCHTOPK, 3, WIDTH, 64,
                new float[WIDTH], 5); NDManager m = NDManager.newBaseManager()) {
            sae.setThreshold(0.3f);
            sae.save(file, java.util.Map.of());
            NDArray x = m.randomNormal(new Shape(20, WIDTH));
            float[] features = sae.encode(x).toFloatArray();
            try (SparseAutoencoder back = SparseAutoencoder.load(file, SparseAutoencoder.Kind.BATCHTOPK, 3)) {
                assertThat(back.threshold().toFloatArray()).containsOnly(0.3f).hasSize(64);
                assertThat(back.encode(x).toFloatArray()).containsExactly(features);
            }
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> SparseAutoencoder.load(file,
                    SparseAutoencoder.Kind.TOPK, 3)).isInstanceOf(lazyartist.LabException.class)
                    .hasMessageContaining("threshold");
        }
    }

    /** The paper's straight-through gradients, on numbers worked by hand. */
    @Test
    void jumpReluPassesThePapersStraightThroughGradients() {
        try (NDManager m = NDManager.newBaseManager();
                ai.djl.training.GradientCollector c = ai.djl.engine.Engine.getInstance().newGradientCollector()) {
            NDArray pre = m.create(new float[] {0.52f, 0.9f, 0.47f, 0.31f}, new Shape(2, 2));
            NDArray theta = m.create(new float[] {0.5f, 0.3f});
            pre.setRequiresGradient(true);
            theta.setRequiresGradient(true);
            // ε = 0.1: the kernel K((pre − θ)/ε)/ε is 10 where |pre − θ| < 0.05: tokens 0 and 1 of feature 0
            // (0.02, −0.03), token 1 of feature 1 (0.01), not token 0 of feature 1 (0.6).
            NDArray[] jump = SparseAutoencoder.jumpRelu(pre, theta, 0.1);
            assertThat(jump[0].toFloatArray()).containsExactly(0.52f, 0.9f, 0f, 0.31f);
            assertThat(jump[1].toFloatArray()).containsExactly(1f, 1f, 0f, 1f);
            NDArray weights = m.create(new float[] {2, 3, 5, 7}, new Shape(2, 2));
            c.backward(jump[0].mul(weights).sum().add(jump[1].sum().mul(10)));
            // To the pre-activations H(pre − θ) times the weight, nothing from the step.
            assertThat(pre.getGradient().toFloatArray()).containsExactly(2f, 3f, 0f, 7f);
            // θ0: −(0.5/0.1)(2 + 5) from the features, −(1/0.1)(10 + 10) from the step = −235;
            // θ1: −(0.3/0.1)·7 − (1/0.1)·10 = −121.
            assertThat(theta.getGradient().toFloatArray()).usingComparatorWithPrecision(1e-3f)
                    .containsExactly(-235f, -121f);
        }
    }

    /** JumpReLU finds the planted atoms, and a larger L0 coefficient buys fewer active features. */
    @Test
    void jumpReluRecoversAPlantedDictionaryAndItsPenaltySetsTheL0() {
        SaeOptions options = new SaeOptions(SparseAutoencoder.Kind.JUMPRELU, ACTIVE, 0, 2, 20, 128, 3e-3, 1);
        double light;
        try (SparseAutoencoder sae = trained(options.withJumpRelu(1, SaeOptions.DEFAULT_BANDWIDTH))) {
            light = heldOutL0(sae);
        }
        try (SparseAutoencoder sae = trained(options.withJumpRelu(3, SaeOptions.DEFAULT_BANDWIDTH))) {
            assertThat(heldOutL0(sae)).isLessThan(light);
        }
    }

    @Test
    void matryoshkaRecoversAPlantedDictionary() {
        trained(new SaeOptions(SparseAutoencoder.Kind.MATRYOSHKA, ACTIVE, 0, 2, 6, 128, 3e-3, 1)
                .withPrefixes(List.of(16, 64))).close();
    }

    /** Each prefix's reconstruction is a term of the loss: dropping one changes the gradient of its decoder rows. */
    @Test
    void everyMatryoshkaPrefixIsPartOfTheObjective() {
        try (SparseAutoencoder sae = SparseAutoencoder.init(SparseAutoencoder.Kind.MATRYOSHKA, 4, WIDTH, 64,
                new float[WIDTH], 3); NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.randomNormal(new Shape(20, WIDTH));
            float[] with = decoderGradient(sae, x, List.of(16, 64));
            float[] without = decoderGradient(sae, x, List.of(64));
            float[] again = decoderGradient(sae, x, List.of(16, 64));
            assertThat(again).containsExactly(with);
            int inPrefix = 16 * WIDTH;
            assertThat(java.util.Arrays.copyOfRange(with, 0, inPrefix))
                    .isNotEqualTo(java.util.Arrays.copyOfRange(without, 0, inPrefix));
            // Rows past the prefix take no part in its reconstruction.
            assertThat(java.util.Arrays.copyOfRange(with, inPrefix, with.length))
                    .containsExactly(java.util.Arrays.copyOfRange(without, inPrefix, without.length));
        }
    }

    private static float[] decoderGradient(SparseAutoencoder sae, NDArray x, List<Integer> prefixes) {
        try (ai.djl.training.GradientCollector c = ai.djl.engine.Engine.getInstance().newGradientCollector()) {
            NDArray f = SparseAutoencoder.keepLargestOverall(ai.djl.nn.Activation.relu(sae.preActivations(x)), 4 * 20);
            lazyartist.model.Gradients.zero(sae.parameters());
            c.backward(SaeTraining.reconstruction(sae, x, f, prefixes)[0]);
            return sae.wDec.getArray().getGradient().toFloatArray();
        }
    }
}
