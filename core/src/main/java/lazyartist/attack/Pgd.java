package lazyartist.attack;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import java.util.stream.IntStream;
import lazyartist.data.SplitDataset;
import lazyartist.model.InputGradient;
import lazyartist.model.TappedNetwork;

/**
 * Projected gradient ascent (Madry et al., 2018): {@code steps} steps of 2.5·ε/steps along the
 * steepest direction of the norm, projected back into the ball after each. The first run starts
 * from the clean image; each restart starts the images not yet fooled from a random point of the
 * ball, and each image keeps its best result.
 */
final class Pgd implements Attack {

    @Override
    public String key() {
        return "pgd";
    }

    @Override
    public boolean usesGradients() {
        return true;
    }

    @Override
    public NDArray run(TappedNetwork net, Goal goal, Settings s) {
        NDArray eps = goal.radius();
        NDArray step = eps.mul(2.5f / s.steps());
        NDArray best = climb(net, goal, goal.images(), s.steps(), step, s);
        NDManager m = goal.images().getManager();
        for (int r = 1; r < s.restarts(); r++) {
            Standing standing = Standing.of(net, best, goal, s.confidence());
            // An image already fooled keeps its result: restarts are for the others.
            int[] open = IntStream.range(0, standing.met().length).filter(i -> !standing.met()[i]).toArray();
            if (open.length == 0) {
                break;
            }
            Goal sub = subset(goal, open, m);
            NDArray start = s.norm().randomStart(sub.images(), sub.radius(), sub.ids(), s.seed(), r);
            NDArray x = climb(net, sub, start, s.steps(), sub.radius().mul(2.5f / s.steps()), s);
            best = keepBetter(best, x, open, standing, Standing.of(net, x, sub, s.confidence()));
        }
        return best;
    }

    /** The rows {@code which} of a goal. */
    static Goal subset(Goal goal, int[] which, NDManager m) {
        long[] ids = IntStream.of(which).mapToLong(i -> goal.ids()[i]).toArray();
        return new Goal(SplitDataset.rows(goal.images(), which, m), SplitDataset.rows(goal.labels(), which, m),
                goal.targeted() ? SplitDataset.rows(goal.targets(), which, m) : null,
                SplitDataset.rows(goal.epsilon(), which, m), ids);
    }

    /** {@code best} with the rows {@code which} replaced by the rows of {@code moved} that came closer to the goal. */
    static NDArray keepBetter(NDArray best, NDArray moved, int[] which, Standing before, Standing after) {
        float[] merged = best.toFloatArray();
        float[] candidate = moved.toFloatArray();
        int size = (int) (best.size() / best.getShape().get(0));
        for (int j = 0; j < which.length; j++) {
            if (after.progress()[j] > before.progress()[which[j]]) {
                System.arraycopy(candidate, j * size, merged, which[j] * size, size);
            }
        }
        return lazyartist.data.Staging.floats(best.getManager(), merged, best.getShape());
    }

    /** {@code steps} steepest-ascent steps of the loss from {@code start}, projected into the ball and [0, 1]. */
    static NDArray climb(TappedNetwork net, Goal goal, NDArray start, int steps, NDArray stepSize, Settings s) {
        NDArray x = start.duplicate();
        NDArray eps = goal.radius();
        double kappa = s.kappa();
        for (int i = 0; i < steps; i++) {
            // The scope frees each step's graph and temporaries; only the moved images survive it.
            try (NDScope ignored = new NDScope()) {
                InputGradient h = InputGradient.of(net, x, z -> s.loss().objective(z, goal, kappa).sum());
                // Past −κ the targeted margin is flat: once every image is there, further steps would not move any.
                if (s.loss() == Loss.MARGIN && goal.targeted()
                        && Loss.MARGIN.objective(h.logits(), goal, kappa).min().getFloat() >= kappa) {
                    break;
                }
                NDArray moved = s.norm().project(x.add(s.norm().direction(h.gradient()).mul(stepSize)),
                        goal.images(), eps);
                NDScope.unregister(moved);
                x.close();
                x = moved;
            }
        }
        return x;
    }

    /** Each image's progress toward its goal, and whether it meets it. */
    record Standing(float[] progress, boolean[] met) {

        static Standing of(TappedNetwork net, NDArray images, Goal goal, double confidence) {
            NDArray logits = net.logits(new ai.djl.training.ParameterStore(images.getManager(), false), images, false);
            return new Standing(goal.progress(logits), goal.met(logits, confidence));
        }
    }
}
