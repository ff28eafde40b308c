package lazyartist.attack;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import lazyartist.data.Pixels;
import lazyartist.data.Staging;
import lazyartist.model.InputGradient;
import lazyartist.model.TappedNetwork;

/**
 * Auto-PGD (Croce and Hein, ICML 2020) with the cross-entropy or the DLR loss: steps along the
 * norm's steepest direction with momentum 0.75, a step size that starts at 2ε and halves at
 * checkpoints where the loss stalled ({@link StepSchedule}), going back to the best point each time.
 * Every run starts from a random point on the ball's surface; restarts run on the images not yet
 * fooled. Each image keeps the point that came closest to its goal. A run stops once every image
 * of the batch meets its goal with room to spare (further steps would only add confidence).
 */
final class Apgd implements Attack {

    static final float MOMENTUM = 0.75f;

    private final Loss loss;

    Apgd(Loss loss) {
        this.loss = loss;
    }

    @Override
    public String key() {
        return "apgd-" + loss.key();
    }

    @Override
    public boolean usesGradients() {
        return true;
    }

    @Override
    public NDArray run(TappedNetwork net, Goal goal, Settings s) {
        NDManager m = goal.images().getManager();
        NDArray best = null;
        Pgd.Standing standing = null;
        for (int r = 0; r < s.restarts(); r++) {
            Pgd.Standing before = standing;
            int[] open = before == null ? IntStream.range(0, goal.ids().length).toArray()
                    : IntStream.range(0, before.met().length).filter(i -> !before.met()[i]).toArray();
            if (open.length == 0) {
                break;
            }
            Goal sub = best == null ? goal : Pgd.subset(goal, open, m);
            NDArray x = single(net, sub, s, r);
            Pgd.Standing after = Pgd.Standing.of(net, x, sub, s.confidence());
            if (best == null) {
                best = x;
                standing = after;
            } else {
                best = Pgd.keepBetter(best, x, open, before, after);
                standing = Pgd.Standing.of(net, best, goal, s.confidence());
            }
        }
        return best;
    }

    /** One run from a random point of the sphere; returns each image's point closest to its goal. */
    private NDArray single(TappedNetwork net, Goal goal, Settings s, int run) {
        int n = goal.ids().length;
        NDArray eps = goal.radius();
        float[] epsilon = goal.epsilon().toFloatArray();
        double kappa = s.kappa();
        NDArray x = start(goal, s, run);
        Evaluation e = evaluate(net, x, goal, kappa);
        NDArray grad = e.gradient();
        float[] lossBest = e.loss().clone();
        NDArray xBest = x.duplicate();
        NDArray gradBest = grad.duplicate();
        float[] progressBest = e.progress().clone();
        NDArray xClosest = x.duplicate();
        float[] startStep = new float[n];
        for (int i = 0; i < n; i++) {
            startStep[i] = 2 * epsilon[i];
        }
        StepSchedule schedule = new StepSchedule(s.steps(), startStep, e.loss());
        NDArray xOld = x.duplicate();
        for (int i = 0; i < s.steps() && !goal.allSafelyMet(progressBest, s.confidence()); i++) {
            try (NDScope ignored = new NDScope()) {
                NDArray stepSize = Staging.floats(x.getManager(), schedule.steps(), new ai.djl.ndarray.types.Shape(n, 1,
                        1, 1));
                NDArray previous = x.sub(xOld);
                NDArray z = s.norm().project(x.add(s.norm().direction(grad).mul(stepSize)), goal.images(), eps);
                float a = i > 0 ? MOMENTUM : 1f;
                NDArray moved = s.norm().project(x.add(z.sub(x).mul(a)).add(previous.mul(1 - a)), goal.images(), eps);
                NDScope.unregister(moved);
                xOld.close();
                xOld = x;
                x = moved;
            }
            e = evaluate(net, x, goal, kappa);
            grad.close();
            grad = e.gradient();
            boolean[] closer = new boolean[n];
            boolean[] better = new boolean[n];
            for (int k = 0; k < n; k++) {
                closer[k] = e.progress()[k] > progressBest[k];
                progressBest[k] = Math.max(progressBest[k], e.progress()[k]);
                better[k] = e.loss()[k] > lossBest[k];
                lossBest[k] = Math.max(lossBest[k], e.loss()[k]);
            }
            xClosest = blend(xClosest, x, closer);
            xBest = blend(xBest, x, better);
            gradBest = blend(gradBest, grad, better);
            boolean[] halved = schedule.record(e.loss(), lossBest);
            if (halved != null) {
                x = blend(x, xBest, halved);
                grad = blend(grad, gradBest, halved);
            }
        }
        for (NDArray a : new NDArray[] {x, xOld, grad, xBest, gradBest}) {
            if (a != xClosest) {
                a.close();
            }
        }
        return xClosest;
    }

    /** AutoAttack's start: a random direction scaled to the ball's surface (L∞: the largest value at ±ε). */
    private static NDArray start(Goal goal, Settings s, int run) {
        long[] ids = goal.ids();
        float[] epsilon = goal.epsilon().toFloatArray();
        float[] delta = new float[ids.length * Pixels.VALUES];
        for (int i = 0; i < ids.length; i++) {
            SplittableRandom random = new SplittableRandom(Norm.mix(s.seed(), ids[i], 1000L + run));
            double size = 0;
            for (int j = 0; j < Pixels.VALUES; j++) {
                double v = s.norm() == Norm.LINF ? 2 * random.nextDouble() - 1 : gaussian(random);
                delta[i * Pixels.VALUES + j] = (float) v;
                size = s.norm() == Norm.LINF ? Math.max(size, Math.abs(v)) : size + v * v;
            }
            double scale = epsilon[i] / ((s.norm() == Norm.LINF ? size : Math.sqrt(size)) + 1e-12);
            for (int j = 0; j < Pixels.VALUES; j++) {
                delta[i * Pixels.VALUES + j] *= (float) scale;
            }
        }
        NDArray images = goal.images();
        return images.add(Staging.floats(images.getManager(), delta, images.getShape())).clip(0, 1);
    }

    private static double gaussian(SplittableRandom random) {
        double u = 1 - random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    /** Rows of {@code replacement} where {@code take}, of {@code base} elsewhere; closes {@code base}. */
    private static NDArray blend(NDArray base, NDArray replacement, boolean[] take) {
        boolean any = false;
        float[] mask = new float[take.length];
        for (int i = 0; i < take.length; i++) {
            mask[i] = take[i] ? 1 : 0;
            any |= take[i];
        }
        if (!any) {
            return base;
        }
        NDArray m = Staging.floats(base.getManager(), mask, new ai.djl.ndarray.types.Shape(take.length, 1, 1, 1));
        NDArray out = replacement.mul(m).add(base.mul(m.neg().add(1f)));
        m.close();
        base.close();
        return out;
    }

    /** The loss, each image's progress toward its goal, and the gradient at a point. */
    private record Evaluation(float[] loss, float[] progress, NDArray gradient) {}

    private Evaluation evaluate(TappedNetwork net, NDArray x, Goal goal, double kappa) {
        try (NDScope ignored = new NDScope()) {
            InputGradient h = InputGradient.of(net, x, z -> loss.objective(z, goal, kappa).sum());
            float[] values = loss.objective(h.logits(), goal, kappa).toFloatArray();
            NDArray gradient = h.gradient();
            NDScope.unregister(gradient);
            return new Evaluation(values, goal.progress(h.logits()), gradient);
        }
    }
}
