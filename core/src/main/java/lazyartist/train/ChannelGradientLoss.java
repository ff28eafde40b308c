package lazyartist.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import java.util.LinkedHashMap;
import java.util.Map;
import lazyartist.model.Gradients;

/**
 * The first study's channel-gradient loss: cross-entropy plus λ times the mean absolute pairwise
 * difference of the R, G and B channels of the cross-entropy's input gradient. Each image's own
 * loss is differentiated (the batch's sum, not its mean), so that λ means the same at any batch size.
 * The gradient is taken where {@link ColourGradientPenalty} takes it, at the image recoloured part of
 * the way toward another training image's colour: at the training images themselves the ten colours
 * sit far apart and a network can be flat around each (foreground mode, one epoch: 91.0% of the
 * conflicting validation digits right at the images, 94.7% along the path).
 */
public final class ChannelGradientLoss implements Objective {

    private final double lambda;
    private final Recolouring recolouring;
    private long seed;

    public ChannelGradientLoss(double lambda, Recolouring recolouring) {
        this.lambda = lambda;
        this.recolouring = recolouring;
    }

    @Override
    public void start(TrainConfig config, ai.djl.ndarray.NDManager manager) {
        seed = config.seed();
    }

    @Override
    public String name() {
        return "channel-diff";
    }

    @Override
    public Map<String, Object> options() {
        return Map.of("lambda", lambda);
    }

    @Override
    public Step step(Batch batch) {
        NDArray logits = batch.logits(batch.images());
        NDArray ce = CrossEntropy.loss(logits, batch.labels());
        NDArray points = recolouring.path(batch.images(), batch.indices(), seed, batch.progress()).points();
        points.setRequiresGradient(true);
        NDArray perSample = CrossEntropy.perSample(batch.inferenceLogits(points), batch.labels());
        NDArray penalty = penalty(Gradients.withGraph(perSample.sum(), points));
        Map<String, NDArray> terms = new LinkedHashMap<>();
        terms.put("ce", ce);
        terms.put("penalty", penalty);
        return new Step(ce.add(penalty.mul(Gradients.scalar(ce, lambda))), logits, terms);
    }

    /** Mean over images and pixels of (|G_R − G_G| + |G_G − G_B| + |G_B − G_R|) / 3. */
    static NDArray penalty(NDArray gradient) {
        NDArray r = gradient.get(new NDIndex(":, 0"));
        NDArray g = gradient.get(new NDIndex(":, 1"));
        NDArray b = gradient.get(new NDIndex(":, 2"));
        return r.sub(g).abs().add(g.sub(b).abs()).add(b.sub(r).abs()).mean().div(Gradients.scalar(r, 3));
    }
}
