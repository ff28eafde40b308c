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
 * trained network weighs each sample by its {@link RelativeDifficulty}. As in the authors' code,
 * the biased twin keeps its own, constant learning rate while the trained network's anneals, so that
 * it stays the biased reference to the end.
 */
public final class LearningFromFailure implements Objective {

    /** GCE's exponent, as in the paper. */
    static final double Q = 0.7;

    private final RelativeDifficulty difficulty;
    private TappedNetwork biased;
    private ParameterStore biasedStore;
    private Optimiser biasedOptimiser;

    public LearningFromFailure(ColoredSplit train) {
        this.difficulty = new RelativeDifficulty(train.labels());
    }

    @Override
    public String name() {
        return "lff";
    }

    @Override
    public Map<String, Object> options() {
        return Map.of("q", Q, "decay", RelativeDifficulty.DECAY);
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
        float[] weights = difficulty.weights(indices,
                CrossEntropy.perSample(biasedLogits.stopGradient(), labelsArray).toFloatArray(),
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

    /** Mean of (1 − p_y^q) / q: cross-entropy's gradient scaled by p_y^q, so confident samples dominate. */
    static NDArray generalisedCrossEntropy(NDArray logits, NDArray labels) {
        // p^q as exp(q log p): pow's gradient at an underflowed p = 0 would be infinite
        NDArray pq = logits.logSoftmax(1).gather(labels.reshape(-1, 1), 1).reshape(-1).mul(Gradients.scalar(logits, Q)).exp();
        return pq.neg().add(1).div(Gradients.scalar(pq, Q)).mean();
    }
}
