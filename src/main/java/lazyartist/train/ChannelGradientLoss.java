package lazyartist.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;

/**
 * The first study's channel-gradient loss: the gradient of the cross-entropy with respect to
 * the input, penalised by the mean absolute pairwise difference of its R, G and B channels.
 */
public final class ChannelGradientLoss extends InputGradientPenalty {

    public ChannelGradientLoss(double lambda) {
        super(lambda, false);
    }

    @Override
    public String name() {
        return "channel-diff";
    }

    @Override
    protected NDArray differentiated(NDArray logits, NDArray labels, NDArray crossEntropy) {
        return crossEntropy;
    }

    @Override
    protected NDArray penalty(NDArray gradient) {
        NDArray r = gradient.get(new NDIndex(":, 0"));
        NDArray g = gradient.get(new NDIndex(":, 1"));
        NDArray b = gradient.get(new NDIndex(":, 2"));
        return r.sub(g).abs().add(g.sub(b).abs()).add(b.sub(r).abs()).mean().div(3);
    }
}
