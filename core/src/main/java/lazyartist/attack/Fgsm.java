package lazyartist.attack;

import ai.djl.ndarray.NDArray;
import lazyartist.model.TappedNetwork;

/** Fast gradient sign method (Goodfellow et al., 2015): one step of size ε along the sign of the gradient (L∞ only). */
final class Fgsm implements Attack {

    @Override
    public String key() {
        return "fgsm";
    }

    @Override
    public boolean usesGradients() {
        return true;
    }

    @Override
    public boolean supports(Norm norm) {
        return norm == Norm.LINF;
    }

    @Override
    public Settings reads(Settings s) {
        return Settings.DEFAULTS.withLoss(s.loss()).withConfidence(s.confidence()).withNorm(s.norm());
    }

    @Override
    public NDArray run(TappedNetwork net, Goal goal, Settings s) {
        return Pgd.climb(net, goal, goal.images(), 1, goal.radius(), s);
    }
}
