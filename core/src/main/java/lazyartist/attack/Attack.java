package lazyartist.attack;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import java.util.Locale;
import java.util.Random;
import lazyartist.LabException;
import lazyartist.data.SplitDataset;
import lazyartist.data.Staging;
import lazyartist.model.Gradients;
import lazyartist.model.InputGradient;
import lazyartist.model.Predictions;
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
     * the ε-ball after each; the images not yet fooled restart from random points of the ball, and each
     * image keeps its best result.
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
     * @param restarts PGD's runs; the first starts from the clean image, the others from random points of the
     *     ball for the images not yet fooled
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
        NDArray best = descend(net, images, images, targets, eps, low, high, s.steps(), step, s);
        Random random = new Random(s.seed());
        NDManager m = images.getManager();
        for (int r = 1; r < s.restarts(); r++) {
            Standing standing = Standing.of(net, best, targets, s.confidence());
            // An image already fooled keeps its result: restarts are for the others.
            int[] open = java.util.stream.IntStream.range(0, standing.fooled().length)
                    .filter(i -> !standing.fooled()[i]).toArray();
            if (open.length == 0) {
                break;
            }
            NDArray subImages = SplitDataset.rows(images, open, m);
            NDArray subEps = SplitDataset.rows(eps, open, m);
            NDArray subLow = SplitDataset.rows(low, open, m);
            NDArray subHigh = SplitDataset.rows(high, open, m);
            long[] all = targets.toLongArray();
            NDArray subTargets = m.create(java.util.Arrays.stream(open).mapToLong(i -> all[i]).toArray());
            float[] noise = new float[(int) subImages.size()];
            for (int i = 0; i < noise.length; i++) {
                noise[i] = 2 * random.nextFloat() - 1;
            }
            NDArray start = subImages.add(Staging.floats(m, noise, subImages.getShape()).mul(subEps)).maximum(subLow)
                    .minimum(subHigh);
            NDArray x = descend(net, subImages, start, subTargets, subEps, subLow, subHigh, s.steps(),
                    subEps.mul(2.5f / s.steps()), s);
            float[] probability = Standing.of(net, x, subTargets, s.confidence()).probability();
            float[] merged = best.toFloatArray();
            float[] moved = x.toFloatArray();
            int size = (int) (best.size() / best.getShape().get(0));
            for (int j = 0; j < open.length; j++) {
                if (probability[j] > standing.probability()[open[j]]) {
                    System.arraycopy(moved, j * size, merged, open[j] * size, size);
                }
            }
            best = Staging.floats(m, merged, best.getShape());
        }
        return best;
    }

    /** Each image's p(target), and whether it is fooled: the target predicted with the confidence asked. */
    record Standing(float[] probability, boolean[] fooled) {

        static Standing of(TappedNetwork net, NDArray images, NDArray targets, double confidence) {
            Predictions p = Predictions.of(net, images);
            long[] t = targets.toLongArray();
            float[] probability = new float[t.length];
            boolean[] fooled = new boolean[t.length];
            for (int i = 0; i < t.length; i++) {
                probability[i] = p.probabilities()[i * Predictions.CLASSES + (int) t[i]];
                fooled[i] = p.predicted()[i] == t[i] && probability[i] >= confidence;
            }
            return new Standing(probability, fooled);
        }
    }

    /** {@code steps} signed-gradient steps of the loss from {@code start}, projected into [low, high]. */
    private static NDArray descend(TappedNetwork net, NDArray images, NDArray start, NDArray targets, NDArray eps,
            NDArray low, NDArray high, int steps, NDArray stepSize, Settings s) {
        NDArray x = start.duplicate();
        double kappa = s.logOdds() + Math.log(9);
        for (int i = 0; i < steps; i++) {
            // The scope frees each step's graph and temporaries; only the moved images survive it.
            try (NDScope ignored = new NDScope()) {
                InputGradient h = InputGradient.of(net, x, z -> loss(z, targets, s.loss(), kappa));
                // Past −κ the margin is flat: once every image is there, further steps would not move any.
                if (s.loss() == Loss.MARGIN && margin(h.logits(), targets).max().getFloat() < -kappa) {
                    break;
                }
                NDArray g = h.gradient();
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
        if (loss == Loss.CE) {
            return logits.logSoftmax(1).gather(targets.reshape(-1, 1), 1).neg().sum();
        }
        return margin(logits, targets).maximum(Gradients.scalar(logits, -kappa)).sum();
    }

    /** max_{j≠t} z_j − z_t per image. */
    private static NDArray margin(NDArray logits, NDArray targets) {
        NDArray target = logits.gather(targets.reshape(-1, 1), 1).reshape(-1);
        return rivals(logits, targets).max(new int[] {1}).sub(target);
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
}
