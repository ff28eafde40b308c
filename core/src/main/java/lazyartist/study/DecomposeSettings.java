package lazyartist.study;

import java.util.List;
import lazyartist.LabException;
import lazyartist.decompose.Frontier;
import lazyartist.decompose.SaeOptions;
import lazyartist.decompose.SparseAutoencoder;

/**
 * The study's decomposition: a sparse autoencoder on the stage each model's classifier head reads, and
 * the frontier of its kind over the sizes {@code frontierK} (empty: none).
 */
public record DecomposeSettings(String kind, int k, double l1, int expansion, int epochs, int batchSize,
        double learningRate, List<Integer> frontierK) {

    /** The default kind's frontier: four sizes about its default k, as the README's frontier. */
    static final List<Integer> DEFAULT_FRONTIER = List.of(8, 16, 32, 64);

    static final DecomposeSettings DEFAULTS = new DecomposeSettings(SaeOptions.DEFAULT_KIND.key(),
            SaeOptions.DEFAULT_K, SaeOptions.DEFAULT_L1, SaeOptions.DEFAULT_EXPANSION, SaeOptions.DEFAULT_EPOCHS,
            SaeOptions.DEFAULT_BATCH, SaeOptions.DEFAULT_LEARNING_RATE, DEFAULT_FRONTIER);

    public DecomposeSettings {
        frontierK = frontierK == null ? List.of() : List.copyOf(frontierK);
        // Fields are assigned after a compact constructor's body: validate the parameters.
        SaeOptions o = new SaeOptions(SparseAutoencoder.Kind.parse(kind), k, l1, expansion, epochs, batchSize,
                learningRate, 0);
        if (!frontierK.isEmpty() && !Frontier.Knob.K.sets(o.kind())) {
            throw new LabException("decompose.frontierK needs a kind that k sizes (topk, batchtopk or"
                    + " matryoshka), got '" + kind + "'; leave it empty");
        }
        for (int size : frontierK) {
            if (size < 1) {
                throw new LabException("decompose.frontierK must hold sizes of at least 1, got " + size);
            }
        }
    }

    /** The sweep that draws the frontier, or null when there is none. */
    public Frontier.Sweep frontier() {
        return frontierK.isEmpty() ? null
                : new Frontier.Sweep(Frontier.Knob.K, frontierK.stream().map(Integer::doubleValue).toList());
    }

    public SaeOptions options(long seed) {
        return new SaeOptions(SparseAutoencoder.Kind.parse(kind), k, l1, expansion, epochs, batchSize, learningRate,
                seed);
    }
}
