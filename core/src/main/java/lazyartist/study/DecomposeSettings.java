package lazyartist.study;

import lazyartist.decompose.SaeOptions;
import lazyartist.decompose.SparseAutoencoder;

/** The study's decomposition: a sparse autoencoder on the stage each model's classifier head reads. */
public record DecomposeSettings(String kind, int k, double l1, int expansion, int epochs, int batchSize,
        double learningRate) {

    static final DecomposeSettings DEFAULTS = new DecomposeSettings(SaeOptions.DEFAULT_KIND.key(),
            SaeOptions.DEFAULT_K, SaeOptions.DEFAULT_L1, SaeOptions.DEFAULT_EXPANSION, SaeOptions.DEFAULT_EPOCHS,
            SaeOptions.DEFAULT_BATCH, SaeOptions.DEFAULT_LEARNING_RATE);

    public DecomposeSettings {
        // Fields are assigned after a compact constructor's body: validate the parameters.
        new SaeOptions(SparseAutoencoder.Kind.parse(kind), k, l1, expansion, epochs, batchSize, learningRate, 0);
    }

    public SaeOptions options(long seed) {
        return new SaeOptions(SparseAutoencoder.Kind.parse(kind), k, l1, expansion, epochs, batchSize, learningRate,
                seed);
    }
}
