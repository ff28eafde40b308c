package lazyartist.decompose;

import ai.djl.ndarray.NDArray;

/**
 * A change to a sparse autoencoder's features inside the network: the stage output becomes
 * X + (F' − F) W_dec, the original output plus the decoded difference. The reconstruction error is
 * kept, so an edit that changes nothing gives exactly the original network.
 */
@FunctionalInterface
public interface Edit {

    /** F' from the features F (tokens × d_sae) of a batch. */
    NDArray apply(NDArray features);

    /** The edited stage output X + (F' − F) W_dec of tokens x whose features are f. */
    default NDArray output(SparseAutoencoder sae, NDArray x, NDArray f) {
        return x.add(apply(f).sub(f).matMul(sae.decoder()));
    }

    /** No change: the original network. */
    Edit NONE = f -> f;

    /** The given features set to zero. */
    static Edit zero(int[] features, int dSae) {
        float[] keep = new float[dSae];
        java.util.Arrays.fill(keep, 1);
        for (int f : features) {
            keep[f] = 0;
        }
        return f -> f.mul(f.getManager().create(keep));
    }

    /** Every feature but the given ones set to zero. */
    static Edit keepOnly(int[] features, int dSae) {
        float[] keep = new float[dSae];
        for (int f : features) {
            keep[f] = 1;
        }
        return f -> f.mul(f.getManager().create(keep));
    }

    /** One feature raised by {@code amount} in every token. */
    static Edit add(int feature, float amount, int dSae) {
        float[] delta = new float[dSae];
        delta[feature] = amount;
        return f -> f.add(f.getManager().create(delta));
    }
}
