package lazyartist.attack;

import ai.djl.ndarray.NDArray;
import java.util.Locale;
import lazyartist.OptionException;
import lazyartist.model.Gradients;

/** What an attack climbs: one value per image, higher is closer to the goal. */
public enum Loss {
    /** The log-probability of the target (targeted), or the cross-entropy of the label (untargeted). */
    CE,
    /**
     * Carlini–Wagner's margin: −max(max_{j≠t} z_j − z_t, −κ) toward a target, κ from the confidence asked
     * for; −max(z_y − max_{j≠y} z_j, 0) away from a label.
     */
    MARGIN,
    /**
     * Croce and Hein's difference of logits ratio, invariant to the logits' scale: targeted
     * −(z_y − z_t) / (z_π1 − (z_π3 + z_π4)/2), untargeted −(z_y − max_{j≠y} z_j) / (z_π1 − z_π3), with z_π the
     * logits sorted in decreasing order.
     */
    DLR;

    public static Loss parse(String text) {
        try {
            return valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new OptionException("{loss} must be ce or margin, got '" + text + "'");
        }
    }

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Each image's value at these logits (differentiable; N-vector).
     *
     * @param kappa the targeted margin's floor: the margin stops rewarding past −κ
     */
    public NDArray objective(NDArray logits, Goal goal, double kappa) {
        NDArray aim = goal.aim();
        return switch (this) {
            case CE -> {
                NDArray logProbability = Goal.logitOf(logits.logSoftmax(1), aim);
                yield goal.targeted() ? logProbability : logProbability.neg();
            }
            case MARGIN -> {
                NDArray gap = Goal.without(logits, aim).max(new int[] {1}).sub(Goal.logitOf(logits, aim));
                yield goal.targeted() ? gap.maximum(Gradients.scalar(logits, -kappa)).neg()
                        : gap.neg().maximum(Gradients.scalar(logits, 0)).neg();
            }
            case DLR -> dlr(logits, goal);
        };
    }

    private static NDArray dlr(NDArray logits, Goal goal) {
        NDArray sorted = logits.sort(1);
        NDArray first = sorted.get(":, 9");
        NDArray label = Goal.logitOf(logits, goal.labels());
        NDArray small = Gradients.scalar(logits, 1e-12);
        if (goal.targeted()) {
            NDArray spread = first.sub(sorted.get(":, 7").add(sorted.get(":, 6")).mul(Gradients.scalar(logits, 0.5)));
            return label.sub(Goal.logitOf(logits, goal.targets())).div(spread.add(small)).neg();
        }
        NDArray rival = Goal.without(logits, goal.labels()).max(new int[] {1});
        return label.sub(rival).div(first.sub(sorted.get(":, 7")).add(small)).neg();
    }
}
