package lazyartist.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.util.LinkedHashMap;
import java.util.Map;
import lazyartist.data.ColoredSplit;
import lazyartist.model.Architecture;
import lazyartist.model.Gradients;
import lazyartist.model.ModelStore;
import lazyartist.model.Optimiser;
import lazyartist.model.TappedNetwork;

/**
 * Learning from Failure (Nam et al., 2020), bias-agnostic: a second, biased network of the same
 * architecture learns with generalised cross-entropy, which amplifies whatever is easiest; the
 * trained network weighs each sample by how much harder it is for the biased network than for
 * itself, W = L_b / (L_b + L_d), from per-sample loss averages normalised by their class maximum.
 * As in the authors' code: a sample's average starts at its first loss (not at zero), and the
 * biased twin keeps its own, constant learning rate while the trained network's anneals, so that
 * it stays the biased reference to the end.
 */
public final class LearningFromFailure implements Objective {

    /** GCE's exponent and the per-sample loss averages' decay, as in the paper. */
    static final double Q = 0.7;
    static final float DECAY = 0.7f;

    private final int[] labels;
    private final float[] biasedLoss;
    private final float[] trainedLoss;
    /** Whether each sample's averages have had their first loss. */
    private final boolean[] seen;
    private TappedNetwork biased;
    private ParameterStore biasedStore;
    private Optimiser biasedOptimiser;

    public LearningFromFailure(ColoredSplit train) {
        this.labels = train.labels();
        this.biasedLoss = new float[labels.length];
        this.trainedLoss = new float[labels.length];
        this.seen = new boolean[labels.length];
    }

    @Override
    public String name() {
        return "lff";
    }

    @Override
    public Map<String, Object> options() {
        return Map.of("q", Q, "decay", DECAY);
    }

    @Override
    public void start(TrainConfig config, NDManager manager) {
        biased = ModelStore.initialised(Architecture.of(config.architecture()), manager);
        biasedOptimiser = config.optimiser(biased, manager);
        biasedStore = new ParameterStore(manager, false);
    }

    @Override
    public Step step(Batch batch) {
        NDArray labelsArray = batch.labels();
        NDArray biasedLogits = biased.logits(biasedStore, batch.images(), true);
        NDArray logits = batch.logits(batch.images());
        NDArray trainedCe = CrossEntropy.perSample(logits, labelsArray);
        long[] indices = batch.indices().toLongArray();
        float[] weights = weights(indices, CrossEntropy.perSample(biasedLogits.stopGradient(), labelsArray).toFloatArray(),
                trainedCe.stopGradient().toFloatArray());
        NDArray w = batch.images().getManager().create(weights);
        NDArray gce = generalisedCrossEntropy(biasedLogits, labelsArray);
        NDArray weighted = trainedCe.mul(w).mean();
        Gradients.zero(biased);
        Map<String, NDArray> terms = new LinkedHashMap<>();
        terms.put("ce", trainedCe.mean());
        terms.put("gce", gce);
        terms.put("weight", w.mean());
        return new Step(weighted.add(gce), logits, terms);
    }

    @Override
    public void afterUpdate(double rateFactor) {
        biasedOptimiser.step();
    }

    @Override
    public boolean resumable() {
        return false;
    }

    /** Updates the per-sample loss averages and returns W for the batch. */
    float[] weights(long[] indices, float[] biasedCe, float[] trainedCe) {
        for (int k = 0; k < indices.length; k++) {
            int i = (int) indices[k];
            float keep = seen[i] ? DECAY : 0;
            biasedLoss[i] = keep * biasedLoss[i] + (1 - keep) * biasedCe[k];
            trainedLoss[i] = keep * trainedLoss[i] + (1 - keep) * trainedCe[k];
            seen[i] = true;
        }
        float[] biasedMax = classMax(biasedLoss);
        float[] trainedMax = classMax(trainedLoss);
        float[] out = new float[indices.length];
        for (int k = 0; k < indices.length; k++) {
            int i = (int) indices[k];
            float b = biasedLoss[i] / Math.max(biasedMax[labels[i]], 1e-8f);
            float d = trainedLoss[i] / Math.max(trainedMax[labels[i]], 1e-8f);
            out[k] = b / (b + d + 1e-8f);
        }
        return out;
    }

    /** Sample i's loss averages so far: the biased twin's and the trained network's. */
    float[] averages(int i) {
        return new float[] {biasedLoss[i], trainedLoss[i]};
    }

    private float[] classMax(float[] losses) {
        float[] max = new float[10];
        for (int i = 0; i < losses.length; i++) {
            max[labels[i]] = Math.max(max[labels[i]], losses[i]);
        }
        return max;
    }

    /** Mean of (1 − p_y^q) / q: cross-entropy's gradient scaled by p_y^q, so confident samples dominate. */
    static NDArray generalisedCrossEntropy(NDArray logits, NDArray labels) {
        // p^q as exp(q log p): pow's gradient at an underflowed p = 0 would be infinite
        NDArray pq = logits.logSoftmax(1).gather(labels.reshape(-1, 1), 1).reshape(-1).mul(Gradients.scalar(logits, Q)).exp();
        return pq.neg().add(1).div(Gradients.scalar(pq, Q)).mean();
    }
}
