package lazyartist.decompose;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Sparse autoencoders recover a planted dictionary, and TopK keeps exactly k features. */
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
}
