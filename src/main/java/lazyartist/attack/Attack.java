package lazyartist.attack;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import java.util.Locale;
import java.util.Random;
import lazyartist.LabException;
import lazyartist.model.InputGradient;
import lazyartist.model.TappedNetwork;

/**
 * A targeted attack: images moved, each pixel by at most its image's ε and staying in [0, 1], so
 * that the network predicts the target class with the required confidence.
 */
public enum Attack {
    /** Fast gradient sign method: one step of size ε along the sign of the loss gradient. */
    FGSM,
    /**
     * Projected gradient descent (Madry et al.): {@code steps} steps of 2.5·ε/steps, projected back into
     * the ε-ball after each; restarts from random points of the ball keep each image's best result.
     */
    PGD,
    /**
     * Targeted DeepFool in the L∞ geometry: linearise the target's log-odds h = z_t − log Σ_{j≠t} e^{z_j}
     * (the gap to the current top logit when one rival dominates) and take the smallest L∞ step that
     * brings it to the confidence asked for, sign(∇h)·(h* − h)/‖∇h‖₁, with 2% overshoot; project and repeat.
     */
    DEEPFOOL;

    /** DeepFool's overshoot, as in Moosavi-Dezfooli et al. (2016). */
    static final float OVERSHOOT = 0.02f;

    /** What PGD and FGSM descend. */
    public enum Loss {
        /** Cross-entropy of the target class. */
        CE,
        /** Carlini–Wagner's targeted margin max(max_{j≠t} z_j − z_t, −κ), κ from the confidence asked for. */
        MARGIN;

        public static Loss parse(String text) {
            try {
                return valueOf(text.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new LabException("--loss must be ce or margin, got '" + text + "'");
            }
        }
    }

    /**
     * How an attack runs.
     *
     * @param steps PGD's steps; DeepFool's largest number of steps
     * @param restarts PGD's runs; the first starts from the clean image, the others from random points of the ball
     * @param confidence the target probability a success needs
     */
    public record Settings(int steps, int restarts, Loss loss, double confidence, long seed) {

        public Settings {
            if (steps < 1) {
                throw new LabException("--steps must be at least 1, got " + steps);
            }
            if (restarts < 1) {
                throw new LabException("--restarts must be at least 1, got " + restarts);
            }
            if (!(confidence >= 0 && confidence < 1)) {
                throw new LabException("--confidence must be in [0, 1), got " + confidence);
            }
        }

        /** The target log-odds h = z_t − log Σ_{j≠t} e^{z_j} at which p(target) reaches the confidence. */
        double logOdds() {
            return confidence <= 0.5 ? 0 : Math.log(confidence / (1 - confidence));
        }
    }

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Attack of(String key) {
        for (Attack a : values()) {
            if (a.key().equalsIgnoreCase(key)) {
                return a;
            }
        }
        throw new LabException("unknown attack '" + key + "'; choose fgsm, pgd or deepfool");
    }

    /**
     * Adversarial versions of {@code images} (N×3×28×28 in [0, 1]) aimed at {@code targets} (int64 N),
     * each image within its own budget {@code epsilon} (float32 N, each in (0, 1]).
     */
    public NDArray run(TappedNetwork net, NDArray images, NDArray targets, NDArray epsilon, Settings s) {
        NDArray eps = epsilon.reshape(-1, 1, 1, 1);
        NDArray low = images.sub(eps).maximum(0f);
        NDArray high = images.add(eps).minimum(1f);
        NDArray out = switch (this) {
            case FGSM -> descend(net, images, images, targets, eps, low, high, 1, eps, s);
            case PGD -> pgd(net, images, targets, eps, low, high, s);
            case DEEPFOOL -> deepFool(net, images, targets, low, high, s);
        };
        low.close();
        high.close();
        return out;
    }

    private static NDArray pgd(TappedNetwork net, NDArray images, NDArray targets, NDArray eps, NDArray low,
            NDArray high, Settings s) {
        NDArray step = eps.mul(2.5f / s.steps());
        Random random = new Random(s.seed());
        NDArray best = null;
        NDArray bestProbability = null;
        for (int r = 0; r < s.restarts(); r++) {
            NDArray start = images;
            if (r > 0) {
                float[] noise = new float[(int) images.size()];
                for (int i = 0; i < noise.length; i++) {
                    noise[i] = 2 * random.nextFloat() - 1;
                }
                start = images.add(images.getManager().create(noise, images.getShape()).mul(eps)).maximum(low)
                        .minimum(high);
            }
            NDArray x = descend(net, images, start, targets, eps, low, high, s.steps(), step, s);
            NDArray probability = targetProbability(net, x, targets);
            if (best == null) {
                best = x;
                bestProbability = probability;
            } else {
                NDArray better = probability.gt(bestProbability);
                best = ai.djl.ndarray.NDArrays.where(better.reshape(-1, 1, 1, 1).broadcast(x.getShape()), x, best);
                bestProbability = bestProbability.maximum(probability);
            }
        }
        return best;
    }

    /** {@code steps} signed-gradient steps of the loss from {@code start}, projected into [low, high]. */
    private static NDArray descend(TappedNetwork net, NDArray images, NDArray start, NDArray targets, NDArray eps,
            NDArray low, NDArray high, int steps, NDArray stepSize, Settings s) {
        NDArray x = start.duplicate();
        double kappa = s.logOdds() + Math.log(9);
        for (int i = 0; i < steps; i++) {
            // The scope frees each step's graph and temporaries; only the moved images survive it.
            try (NDScope ignored = new NDScope()) {
                NDArray g = InputGradient.of(net, x, z -> loss(z, targets, s.loss(), kappa)).gradient();
                NDArray moved = x.sub(g.sign().mul(stepSize)).maximum(low).minimum(high);
                NDScope.unregister(moved);
                x.close();
                x = moved;
            }
        }
        return x;
    }

    /** The summed loss of a batch toward its targets. */
    static NDArray loss(NDArray logits, NDArray targets, Loss loss, double kappa) {
        NDArray target = logits.gather(targets.reshape(-1, 1), 1).reshape(-1);
        if (loss == Loss.CE) {
            return logits.logSoftmax(1).gather(targets.reshape(-1, 1), 1).neg().sum();
        }
        return rivals(logits, targets).max(new int[] {1}).sub(target).maximum((float) -kappa).sum();
    }

    /** The logits with each image's target pushed far below every other class. */
    private static NDArray rivals(NDArray logits, NDArray targets) {
        return logits.sub(targets.oneHot(10, DataType.FLOAT32).mul(1e9f));
    }

    private static NDArray deepFool(TappedNetwork net, NDArray images, NDArray targets, NDArray low, NDArray high,
            Settings s) {
        float goal = (float) s.logOdds();
        NDArray x = images.duplicate();
        for (int i = 0; i < s.steps(); i++) {
            try (NDScope ignored = new NDScope()) {
                InputGradient h = InputGradient.of(net, x, z -> logOdds(z, targets).sum());
                NDArray value = logOdds(h.logits(), targets);
                NDArray missing = value.neg().add(goal).maximum(0f);
                if (missing.max().getFloat() <= 0) {
                    break;
                }
                NDArray norm = h.gradient().abs().sum(new int[] {1, 2, 3}).add(1e-12f);
                NDArray size = missing.mul(1 + OVERSHOOT).div(norm).reshape(-1, 1, 1, 1);
                NDArray moved = x.add(h.gradient().sign().mul(size)).maximum(low).minimum(high);
                NDScope.unregister(moved);
                x.close();
                x = moved;
            }
        }
        return x;
    }

    /** h = z_t − log Σ_{j≠t} e^{z_j} per image: p(target) = σ(h). */
    static NDArray logOdds(NDArray logits, NDArray targets) {
        NDArray target = logits.gather(targets.reshape(-1, 1), 1).reshape(-1);
        NDArray r = rivals(logits, targets);
        NDArray top = r.max(new int[] {1}, true);
        NDArray logSumExp = r.sub(top).exp().sum(new int[] {1}).log().add(top.reshape(-1));
        return target.sub(logSumExp);
    }

    /** p(target) per image. */
    static NDArray targetProbability(TappedNetwork net, NDArray images, NDArray targets) {
        NDManager m = images.getManager();
        return net.logits(new ai.djl.training.ParameterStore(m, false), images, false).softmax(1)
                .gather(targets.reshape(-1, 1), 1).reshape(-1);
    }
}
