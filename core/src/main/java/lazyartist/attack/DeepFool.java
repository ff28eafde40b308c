package lazyartist.attack;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import lazyartist.LabException;
import lazyartist.model.InputGradient;
import lazyartist.model.TappedNetwork;

/**
 * Targeted DeepFool (Moosavi-Dezfooli et al., 2016): linearise the target's log-odds
 * h = z_t − log Σ_{j≠t} e^{z_j} (the gap to the top rival when one dominates) and take the smallest step
 * that the linearisation says brings it to the confidence asked for, with 2% overshoot; project and
 * repeat. In L2 (the original geometry) the step is ∇h·(h* − h)/‖∇h‖₂²; in L∞ it is
 * sign(∇h)·(h* − h)/‖∇h‖₁.
 */
final class DeepFool implements Attack {

    /** DeepFool's overshoot, as in Moosavi-Dezfooli et al. (2016). */
    static final float OVERSHOOT = 0.02f;

    @Override
    public String key() {
        return "deepfool";
    }

    @Override
    public boolean usesGradients() {
        return true;
    }

    @Override
    public Settings reads(Settings s) {
        return Settings.DEFAULTS.withSteps(s.steps()).withConfidence(s.confidence()).withNorm(s.norm());
    }

    @Override
    public NDArray run(TappedNetwork net, Goal goal, Settings s) {
        if (!goal.targeted()) {
            throw new LabException("deepfool here is targeted: give it a target class");
        }
        float want = (float) s.logOdds();
        NDArray x = goal.images().duplicate();
        NDArray eps = goal.radius();
        for (int i = 0; i < s.steps(); i++) {
            try (NDScope ignored = new NDScope()) {
                InputGradient h = InputGradient.of(net, x, z -> logOdds(z, goal.targets()).sum());
                NDArray missing = logOdds(h.logits(), goal.targets()).neg().add(want).maximum(0f);
                if (missing.max().getFloat() <= 0) {
                    break;
                }
                NDArray g = h.gradient();
                NDArray flat = g.abs().reshape(g.getShape().get(0), -1);
                NDArray step;
                if (s.norm() == Norm.LINF) {
                    NDArray size = missing.mul(1 + OVERSHOOT).div(flat.sum(new int[] {1}).add(1e-12f));
                    step = g.sign().mul(size.reshape(-1, 1, 1, 1));
                } else {
                    NDArray size = missing.mul(1 + OVERSHOOT).div(flat.square().sum(new int[] {1}).add(1e-24f));
                    step = g.mul(size.reshape(-1, 1, 1, 1));
                }
                NDArray moved = s.norm().project(x.add(step), goal.images(), eps);
                NDScope.unregister(moved);
                x.close();
                x = moved;
            }
        }
        return x;
    }

    /** h = z_t − log Σ_{j≠t} e^{z_j} per image: p(target) = σ(h). */
    static NDArray logOdds(NDArray logits, NDArray targets) {
        NDArray target = Goal.logitOf(logits, targets);
        NDArray r = Goal.without(logits, targets);
        NDArray top = r.max(new int[] {1}, true);
        NDArray logSumExp = r.sub(top).exp().sum(new int[] {1}).log().add(top.reshape(-1));
        return target.sub(logSumExp);
    }
}
