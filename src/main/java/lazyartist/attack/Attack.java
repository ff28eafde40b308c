package lazyartist.attack;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import lazyartist.LabException;
import lazyartist.model.TappedNetwork;
import lazyartist.train.CrossEntropy;

/**
 * A targeted attack: images moved, each pixel by at most ε and staying in [0, 1], so that the
 * network predicts the target class. Both attacks descend the cross-entropy of the target class
 * along the sign of its input gradient; PGD takes many small steps, projecting back into the ε-ball.
 */
public enum Attack {
    /** Fast gradient sign method: one step of size ε. */
    FGSM("fgsm"),
    /** Projected gradient descent: {@code steps} steps of size 2.5·ε/steps from the clean image (Madry et al.). */
    PGD("pgd");

    public final String key;

    Attack(String key) {
        this.key = key;
    }

    public static Attack of(String key) {
        for (Attack a : values()) {
            if (a.key.equalsIgnoreCase(key)) {
                return a;
            }
        }
        throw new LabException("unknown attack '" + key + "'; choose fgsm or pgd");
    }

    /** Adversarial versions of {@code images} (N×3×28×28 in [0, 1]) aimed at {@code targets} (int64 N). */
    public NDArray run(TappedNetwork net, NDArray images, NDArray targets, double epsilon, int steps) {
        if (!(epsilon > 0 && epsilon <= 1)) {
            throw new LabException("the budget ε must be in (0, 1], got " + epsilon);
        }
        if (this == PGD && steps < 1) {
            throw new LabException("PGD needs at least one step, got " + steps);
        }
        float eps = (float) epsilon;
        NDArray low = images.sub(eps).maximum(0f);
        NDArray high = images.add(eps).minimum(1f);
        int n = this == FGSM ? 1 : steps;
        float step = this == FGSM ? eps : (float) (2.5 * epsilon / steps);
        NDArray x = images.duplicate();
        for (int i = 0; i < n; i++) {
            // The scope frees each step's graph and temporaries; only the moved images survive it.
            try (NDScope ignored = new NDScope()) {
                NDArray moved = x.sub(targetGradient(net, x, targets).sign().muli(step)).maximum(low).minimum(high);
                NDScope.unregister(moved);
                x.close();
                x = moved;
            }
        }
        low.close();
        high.close();
        return x;
    }

    /** d(summed target cross-entropy)/d(pixels), in inference mode. */
    private static NDArray targetGradient(TappedNetwork net, NDArray images, NDArray targets) {
        NDArray x = images.duplicate();
        x.setRequiresGradient(true);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray logits = net.logits(new ParameterStore(images.getManager(), false), x, false);
            collector.backward(CrossEntropy.perSample(logits, targets).sum());
        }
        return x.getGradient();
    }
}
