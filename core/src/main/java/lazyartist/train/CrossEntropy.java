package lazyartist.train;

import ai.djl.ndarray.NDArray;
import java.util.Map;

/** Plain softmax cross-entropy: the objective that lets a network take the shortcut. */
public final class CrossEntropy implements Objective {

    @Override
    public String name() {
        return "cross-entropy";
    }

    @Override
    public Map<String, Object> options() {
        return Map.of();
    }

    @Override
    public Step step(Batch batch) {
        NDArray logits = batch.logits(batch.images());
        NDArray loss = loss(logits, batch.labels());
        return new Step(loss, logits, Map.of("ce", loss));
    }

    /** Mean cross-entropy of logits against integer labels. */
    public static NDArray loss(NDArray logits, NDArray labels) {
        return perSample(logits, labels).mean();
    }

    /** Cross-entropy of each sample. */
    public static NDArray perSample(NDArray logits, NDArray labels) {
        return logits.logSoftmax(1).gather(labels.reshape(-1, 1), 1).reshape(-1).neg();
    }
}
