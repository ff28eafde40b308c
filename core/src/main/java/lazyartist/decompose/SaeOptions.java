package lazyartist.decompose;

import java.util.List;
import lazyartist.OptionException;

/**
 * How a sparse autoencoder is shaped and trained.
 *
 * @param k features kept per token (TopK), on average (BatchTopK, Matryoshka); JumpReLU's thresholds start
 *     where each feature fires on k / d_sae of the first batch's tokens
 * @param l1 weight of the norm-weighted L1 penalty (ReLU-L1)
 * @param expansion dictionary size as a multiple of the token width
 * @param prefixes Matryoshka's nested dictionary sizes, ascending (empty: d_sae/16, d_sae/4, d_sae);
 *     the whole dictionary is always the last
 * @param l0Coefficient JumpReLU: weight of the L0 penalty (per token, on activations scaled to mean
 *     squared norm = width), reached after a linear warm-up over the first tenth of the steps
 * @param bandwidth JumpReLU: width of the rectangle kernel of the thresholds' straight-through gradient
 */
public record SaeOptions(SparseAutoencoder.Kind kind, int k, double l1, int expansion, int epochs, int batchSize,
        double learningRate, long seed, List<Integer> prefixes, double l0Coefficient, double bandwidth) {

    /**
     * On the frontier of {@code lazy} and the debiased {@code lff} at the study's size, BatchTopK explains as much
     * variance as TopK or more at the same L0 (0.968 against 0.968, 0.976 against 0.960 at k = 32).
     */
    public static final SparseAutoencoder.Kind DEFAULT_KIND = SparseAutoencoder.Kind.BATCHTOPK;
    public static final int DEFAULT_K = 32;
    public static final double DEFAULT_L1 = 5;
    public static final int DEFAULT_EXPANSION = 2;
    public static final int DEFAULT_EPOCHS = 4;
    public static final int DEFAULT_BATCH = 256;
    public static final double DEFAULT_LEARNING_RATE = 1e-3;
    public static final double DEFAULT_L0_COEFFICIENT = 0.1;
    public static final double DEFAULT_BANDWIDTH = 0.05;

    public SaeOptions {
        if (kind == null) {
            throw new OptionException("{kind} must be topk, relu-l1, batchtopk, jumprelu or matryoshka");
        }
        if (kind.usesK() && k < 1) {
            throw new OptionException("{k} must be at least 1, got " + k);
        }
        if (!(l1 >= 0)) {
            throw new OptionException("{l1} must be ≥ 0, got " + l1);
        }
        if (expansion < 1 || epochs < 1 || batchSize < 1) {
            throw new OptionException("{expansion}, {epochs} and {batchSize} must be at least 1");
        }
        if (!(learningRate > 0)) {
            throw new OptionException("{learningRate} must be positive, got " + learningRate);
        }
        if (!(l0Coefficient >= 0)) {
            throw new OptionException("{l0Coefficient} must be ≥ 0, got " + l0Coefficient);
        }
        if (!(bandwidth > 0)) {
            throw new OptionException("{bandwidth} must be positive, got " + bandwidth);
        }
        prefixes = List.copyOf(prefixes);
        for (int i = 0; i < prefixes.size(); i++) {
            if (prefixes.get(i) < 1 || i > 0 && prefixes.get(i) <= prefixes.get(i - 1)) {
                throw new OptionException("{prefixes} must be ascending dictionary sizes of at least 1, got "
                        + prefixes);
            }
        }
    }

    /** The options with Matryoshka's default prefixes and JumpReLU's default penalty and bandwidth. */
    public SaeOptions(SparseAutoencoder.Kind kind, int k, double l1, int expansion, int epochs, int batchSize,
            double learningRate, long seed) {
        this(kind, k, l1, expansion, epochs, batchSize, learningRate, seed, List.of(), DEFAULT_L0_COEFFICIENT,
                DEFAULT_BANDWIDTH);
    }

    /** These options with Matryoshka's prefixes. */
    public SaeOptions withPrefixes(List<Integer> sizes) {
        return new SaeOptions(kind, k, l1, expansion, epochs, batchSize, learningRate, seed, sizes, l0Coefficient,
                bandwidth);
    }

    /** These options with another kind. */
    public SaeOptions withKind(SparseAutoencoder.Kind other) {
        return new SaeOptions(other, k, l1, expansion, epochs, batchSize, learningRate, seed, prefixes, l0Coefficient,
                bandwidth);
    }

    /** These options with another k. */
    public SaeOptions withK(int features) {
        return new SaeOptions(kind, features, l1, expansion, epochs, batchSize, learningRate, seed, prefixes,
                l0Coefficient, bandwidth);
    }

    /** These options with another L1 weight. */
    public SaeOptions withL1(double weight) {
        return new SaeOptions(kind, k, weight, expansion, epochs, batchSize, learningRate, seed, prefixes,
                l0Coefficient, bandwidth);
    }

    /** These options with another number of epochs. */
    public SaeOptions withEpochs(int n) {
        return new SaeOptions(kind, k, l1, expansion, n, batchSize, learningRate, seed, prefixes, l0Coefficient,
                bandwidth);
    }

    /** These options with JumpReLU's L0 coefficient and kernel bandwidth. */
    public SaeOptions withJumpRelu(double coefficient, double kernelBandwidth) {
        return new SaeOptions(kind, k, l1, expansion, epochs, batchSize, learningRate, seed, prefixes, coefficient,
                kernelBandwidth);
    }

    /** Matryoshka's prefixes for a dictionary of this size, the whole of it last. */
    public List<Integer> prefixes(int dSae) {
        List<Integer> out = new java.util.ArrayList<>();
        for (int p : prefixes.isEmpty() ? List.of(Math.max(1, dSae / 16), Math.max(1, dSae / 4)) : prefixes) {
            if (p > dSae) {
                throw new OptionException("{prefixes} " + prefixes + " go past the dictionary's " + dSae + " features");
            }
            if (p < dSae && (out.isEmpty() || p > out.get(out.size() - 1))) {
                out.add(p);
            }
        }
        out.add(dSae);
        return out;
    }

    /** The defaults with another kind. */
    public static SaeOptions defaults(SparseAutoencoder.Kind kind) {
        return new SaeOptions(kind, DEFAULT_K, DEFAULT_L1, DEFAULT_EXPANSION, DEFAULT_EPOCHS, DEFAULT_BATCH,
                DEFAULT_LEARNING_RATE, 42);
    }

    /** Dictionary size for tokens of this width; checks that TopK's k fits in it. */
    public int dictionarySize(int width) {
        int size = expansion * width;
        if (kind.usesK() && k > size) {
            throw new OptionException("{k} " + k + " is larger than the dictionary (" + size + " features = {expansion} "
                    + expansion + " × " + width + "); lower {k} or raise {expansion}");
        }
        return size;
    }
}
