package lazyartist.train;

import ai.djl.ndarray.NDArray;
import java.util.LinkedHashMap;
import java.util.Map;
import lazyartist.model.Gradients;

/**
 * Cross-entropy plus λ times a penalty on the input gradient's colour channels: a model whose
 * gradient is the same in R, G and B reacts to brightness and shape, not to hue. Built by double
 * backprop; subclasses say which scalar is differentiated and how the channels are compared.
 */
public abstract class InputGradientPenalty implements Objective {

    private final double lambda;
    private final boolean rampUp;

    /**
     * @param lambda the penalty weight (its final value when ramping up)
     * @param rampUp whether λ rises linearly from 0 to {@code lambda} over training
     */
    protected InputGradientPenalty(double lambda, boolean rampUp) {
        this.lambda = lambda;
        this.rampUp = rampUp;
    }

    /** The scalar whose input gradient is penalised. */
    protected abstract NDArray differentiated(NDArray logits, NDArray labels, NDArray crossEntropy);

    /** The penalty of an N×3×H×W input gradient. */
    protected abstract NDArray penalty(NDArray gradient);

    @Override
    public boolean needsInputGradient() {
        return true;
    }

    @Override
    public Map<String, Object> options() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("lambda", lambda);
        out.put("rampUp", rampUp);
        return out;
    }

    /** λ at a point of training. */
    double weight(double progress) {
        return rampUp ? lambda * progress : lambda;
    }

    @Override
    public Step step(Batch batch) {
        NDArray logits = batch.logits(batch.images());
        NDArray ce = CrossEntropy.loss(logits, batch.labels());
        NDArray gradient = Gradients.withGraph(differentiated(logits, batch.labels(), ce), batch.images());
        NDArray penalty = penalty(gradient);
        NDArray loss = ce.add(penalty.mul(weight(batch.progress())));
        Map<String, NDArray> terms = new LinkedHashMap<>();
        terms.put("ce", ce);
        terms.put("penalty", penalty);
        return new Step(loss, logits, terms);
    }
}
