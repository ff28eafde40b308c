package lazyartist.train;

/**
 * The per-sample weight LfF and DisEnt share, W = L_b / (L_b + L_d): how much harder a sample is for
 * the biased network than for the debiased one, from per-sample loss averages (decay 0.7) normalised
 * by their class maximum. As in the authors' code, a sample's averages start at its first losses.
 */
final class RelativeDifficulty {

    static final float DECAY = 0.7f;

    private final int[] labels;
    private final float[] biasedLoss;
    private final float[] debiasedLoss;
    /** Whether each sample's averages have had their first loss. */
    private final boolean[] seen;

    RelativeDifficulty(int[] labels) {
        this.labels = labels;
        this.biasedLoss = new float[labels.length];
        this.debiasedLoss = new float[labels.length];
        this.seen = new boolean[labels.length];
    }

    /** Updates the averages of the samples at {@code indices} with their losses and returns their W. */
    float[] weights(long[] indices, float[] biasedCe, float[] debiasedCe) {
        for (int k = 0; k < indices.length; k++) {
            int i = (int) indices[k];
            float keep = seen[i] ? DECAY : 0;
            biasedLoss[i] = keep * biasedLoss[i] + (1 - keep) * biasedCe[k];
            debiasedLoss[i] = keep * debiasedLoss[i] + (1 - keep) * debiasedCe[k];
            seen[i] = true;
        }
        float[] biasedMax = classMax(biasedLoss);
        float[] debiasedMax = classMax(debiasedLoss);
        float[] out = new float[indices.length];
        for (int k = 0; k < indices.length; k++) {
            int i = (int) indices[k];
            float b = biasedLoss[i] / Math.max(biasedMax[labels[i]], 1e-8f);
            float d = debiasedLoss[i] / Math.max(debiasedMax[labels[i]], 1e-8f);
            out[k] = b / (b + d + 1e-8f);
        }
        return out;
    }

    /** Sample i's loss averages so far: the biased network's and the debiased one's. */
    float[] averages(int i) {
        return new float[] {biasedLoss[i], debiasedLoss[i]};
    }

    private float[] classMax(float[] losses) {
        float[] max = new float[10];
        for (int i = 0; i < losses.length; i++) {
            max[labels[i]] = Math.max(max[labels[i]], losses[i]);
        }
        return max;
    }
}
