package lazyartist.decompose;

import lazyartist.OptionException;

/**
 * How a sparse autoencoder is shaped and trained.
 *
 * @param k features kept per token (TopK)
 * @param l1 weight of the norm-weighted L1 penalty (ReLU-L1)
 * @param expansion dictionary size as a multiple of the token width
 */
public record SaeOptions(SparseAutoencoder.Kind kind, int k, double l1, int expansion, int epochs, int batchSize,
        double learningRate, long seed) {

    public static final int DEFAULT_K = 32;
    public static final double DEFAULT_L1 = 5;
    public static final int DEFAULT_EXPANSION = 2;
    public static final int DEFAULT_EPOCHS = 4;
    public static final int DEFAULT_BATCH = 256;
    public static final double DEFAULT_LEARNING_RATE = 1e-3;

    public SaeOptions {
        if (kind == null) {
            throw new OptionException("{kind} must be topk or relu-l1");
        }
        if (kind == SparseAutoencoder.Kind.TOPK && k < 1) {
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
    }

    /** The defaults with another kind. */
    public static SaeOptions defaults(SparseAutoencoder.Kind kind) {
        return new SaeOptions(kind, DEFAULT_K, DEFAULT_L1, DEFAULT_EXPANSION, DEFAULT_EPOCHS, DEFAULT_BATCH,
                DEFAULT_LEARNING_RATE, 42);
    }

    /** Dictionary size for tokens of this width; checks that TopK's k fits in it. */
    public int dictionarySize(int width) {
        int size = expansion * width;
        if (kind == SparseAutoencoder.Kind.TOPK && k > size) {
            throw new OptionException("{k} " + k + " is larger than the dictionary (" + size + " features = {expansion} "
                    + expansion + " × " + width + "); lower {k} or raise {expansion}");
        }
        return size;
    }
}
