package lazyartist.train;

import ai.djl.ndarray.NDArray;

/**
 * The second study's colour-gradient penalty: the gradient of the predicted class's logit with
 * respect to the input, penalised by its variance across R, G and B; λ rises linearly from 0.
 */
public final class ColourGradientPenalty extends InputGradientPenalty {

    public ColourGradientPenalty(double lambda) {
        super(lambda, true);
    }

    @Override
    public String name() {
        return "penalty";
    }

    @Override
    protected NDArray differentiated(NDArray logits, NDArray labels, NDArray crossEntropy) {
        NDArray predicted = logits.stopGradient().argMax(1).reshape(-1, 1);
        return logits.gather(predicted, 1).sum();
    }

    @Override
    protected NDArray penalty(NDArray gradient) {
        NDArray mean = gradient.mean(new int[] {1}, true);
        return gradient.sub(mean).square().mean();
    }
}
