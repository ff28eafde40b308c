package lazyartist.decompose;

import java.util.List;
import lazyartist.OptionException;

/**
 * How a sparse autoencoder is shaped and trained.
 *
 * @param k features kept per token (TopK), on average (BatchTopK, Matryoshka)
 * @param l1 weight of the norm-weighted L1 penalty (ReLU-L1)
 * @param expansion dictionary size as a multiple of the token width
 * @param prefixes Matryoshka's nested dictionary sizes, ascending (empty: d_sae/16, d_sae/4, d_sae);
 *     the whole dictionary is always the last
 */
public record SaeOptions(SparseAutoencoder.Kind kind, int k, double l1, int expansion, int epochs, int batchSize,
        double learningRate, long seed, List<Integer> prefixes) {

    public static final int DEFAULT_K = 32;
    public static final double DEFAULT_L1 = 5;
    public static final int DEFAULT_EXPANSION = 2;
    public static final int DEFAULT_EPOCHS = 4;
    public static final int DEFAULT_BATCH = 256;
    public static final double DEFAULT_LEARNING_RATE = 1e-3;

    public SaeOptions {
        if (kind == null) {
            throw new OptionException("{kind} must be topk, relu-l1, batchtopk or matryoshka");
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
        prefixes = List.copyOf(prefixes);
        for (int i = 0; i < prefixes.size(); i++) {
            if (prefixes.get(i) < 1 || i > 0 && prefixes.get(i) <= prefixes.get(i - 1)) {
                throw new OptionException("{prefixes} must be ascending dictionary sizes of at least 1, got "
                        + prefixes);
            }
        }
    }

    /** The options with Matryoshka's default prefixes. */
    public SaeOptions(SparseAutoencoder.Kind kind, int k, double l1, int expansion, int epochs, int batchSize,
            double learningRate, long seed) {
        this(kind, k, l1, expansion, epochs, batchSize, learningRate, seed, List.of());
    }

    /** These options with Matryoshka's prefixes. */
    public SaeOptions withPrefixes(List<Integer> sizes) {
        return new SaeOptions(kind, k, l1, expansion, epochs, batchSize, learningRate, seed, sizes);
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
