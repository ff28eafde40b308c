package lazyartist.attack;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.util.SplittableRandom;
import lazyartist.data.Pixels;
import lazyartist.data.Staging;
import lazyartist.model.Predictions;
import lazyartist.model.TappedNetwork;

/**
 * The Square Attack (Andriushchenko et al., ECCV 2020): a random search that reads only the model's
 * probabilities, never a gradient. Each query changes a random square window of the current best
 * image — in L∞ every value of the window to ±ε around the clean value, one sign per channel; in L2
 * a window of the paper's centred, opposite-signed pattern that keeps the change on the ball's
 * surface — and keeps it when the loss falls (the target's cross-entropy, or the label's margin
 * when untargeted) or the goal is met. The window's share of the image follows the paper's
 * schedule, halving at 10, 50, 200, 500, 1000, 2000, 4000, 6000 and 8000 of 10,000 queries (rescaled to
 * the budget). Queries are batched over the images still being attacked.
 */
final class Square implements Attack {

    /** The first window's share of the image, as in the paper. */
    static final double P_INIT = 0.8;

    @Override
    public String key() {
        return "square";
    }

    @Override
    public boolean usesGradients() {
        return false;
    }

    @Override
    public Settings reads(Settings s) {
        return s;
    }

    @Override
    public NDArray run(TappedNetwork net, Goal goal, Settings s) {
        int n = goal.ids().length;
        float[] clean = goal.images().toFloatArray();
        float[] epsilon = goal.epsilon().toFloatArray();
        long[] aim = goal.aim().toLongArray();
        SplittableRandom[] random = new SplittableRandom[n];
        for (int i = 0; i < n; i++) {
            random[i] = new SplittableRandom(Norm.mix(s.seed(), goal.ids()[i], 2000L));
        }
        float[] best = new float[clean.length];
        for (int i = 0; i < n; i++) {
            start(clean, best, i, epsilon[i], s.norm(), random[i]);
        }
        Scores scores = scores(net, goal.images().getManager(), best, all(n), aim, goal.targeted(), s);
        float[] bestLoss = scores.loss;
        boolean[] met = scores.met;
        float[] candidate = best.clone();
        for (int q = 1; q < s.queries(); q++) {
            int[] open = open(met);
            if (open.length == 0) {
                break;
            }
            int side = side(q, s.queries(), s.norm());
            for (int i : open) {
                System.arraycopy(best, i * Pixels.VALUES, candidate, i * Pixels.VALUES, Pixels.VALUES);
                if (s.norm() == Norm.LINF) {
                    linfWindow(clean, candidate, i, epsilon[i], side, random[i]);
                } else {
                    SquareL2.window(clean, candidate, i, epsilon[i], side, random[i]);
                }
            }
            Scores tried = scores(net, goal.images().getManager(), candidate, open, aim, goal.targeted(), s);
            for (int k = 0; k < open.length; k++) {
                int i = open[k];
                if (tried.loss[k] < bestLoss[i] || tried.met[k]) {
                    bestLoss[i] = tried.loss[k];
                    met[i] = tried.met[k];
                    System.arraycopy(candidate, i * Pixels.VALUES, best, i * Pixels.VALUES, Pixels.VALUES);
                }
            }
        }
        return Staging.floats(goal.images().getManager(), best, goal.images().getShape());
    }

    /**
     * One L∞ query: a random window set to ±ε around the clean values, one sign per channel. (Built in
     * Java and sent whole: building it with the engine's element-wise operations took three times as long.)
     */
    private static void linfWindow(float[] clean, float[] x, int i, float eps, int side, SplittableRandom random) {
        int vy = random.nextInt(Pixels.SIDE - side + 1);
        int vx = random.nextInt(Pixels.SIDE - side + 1);
        int base = i * Pixels.VALUES;
        for (int c = 0; c < Pixels.CHANNELS; c++) {
            float sign = random.nextBoolean() ? 2 * eps : -2 * eps;
            for (int y = vy; y < vy + side; y++) {
                for (int xx = vx; xx < vx + side; xx++) {
                    int k = base + c * Pixels.PIXELS + y * Pixels.SIDE + xx;
                    x[k] = clip(Math.max(clean[k] - eps, Math.min(clean[k] + eps, x[k] + sign)));
                }
            }
        }
    }

    /** The rows {@code which} of N×3×28×28 values, as an array in the engine. */
    private static NDArray rows(NDManager m, float[] values, int[] which) {
        float[] out = new float[which.length * Pixels.VALUES];
        for (int k = 0; k < which.length; k++) {
            System.arraycopy(values, which[k] * Pixels.VALUES, out, k * Pixels.VALUES, Pixels.VALUES);
        }
        return Staging.floats(m, out, Pixels.batch(which.length));
    }

    /** The window's side at query q of {@code queries}: the paper's schedule of the share p, rescaled to the budget. */
    static int side(int q, int queries, Norm norm) {
        int at = (int) ((long) q * 10_000 / queries);
        double p = P_INIT;
        int[] marks = {10, 50, 200, 500, 1000, 2000, 4000, 6000, 8000};
        for (int mark : marks) {
            if (at > mark) {
                p /= 2;
            }
        }
        int side = (int) Math.round(Math.sqrt(p * Pixels.PIXELS));
        if (norm == Norm.L2) {
            side = Math.max(side, 3);
            side += side % 2 == 0 ? 1 : 0;
        }
        return Math.max(1, Math.min(side, Pixels.SIDE));
    }

    /** The starting point: L∞ vertical stripes of ±ε (one sign per column and channel); L2 a grid of the paper's windows. */
    private static void start(float[] clean, float[] out, int i, float eps, Norm norm, SplittableRandom random) {
        int base = i * Pixels.VALUES;
        if (norm == Norm.LINF) {
            for (int c = 0; c < Pixels.CHANNELS; c++) {
                for (int x = 0; x < Pixels.SIDE; x++) {
                    float sign = random.nextBoolean() ? eps : -eps;
                    for (int y = 0; y < Pixels.SIDE; y++) {
                        int k = base + c * Pixels.PIXELS + y * Pixels.SIDE + x;
                        out[k] = clip(clean[k] + sign);
                    }
                }
            }
            return;
        }
        float[] delta = new float[Pixels.VALUES];
        int s = Pixels.SIDE / 5;
        int margin = (Pixels.SIDE - 5 * s) / 2;
        for (int vy = margin; vy + s <= Pixels.SIDE && vy < margin + 5 * s; vy += s) {
            for (int vx = margin; vx + s <= Pixels.SIDE && vx < margin + 5 * s; vx += s) {
                float[] eta = SquareL2.eta(s, random);
                for (int c = 0; c < Pixels.CHANNELS; c++) {
                    float sign = random.nextBoolean() ? 1 : -1;
                    for (int y = 0; y < s; y++) {
                        for (int x = 0; x < s; x++) {
                            delta[c * Pixels.PIXELS + (vy + y) * Pixels.SIDE + vx + x] += sign * eta[y * s + x];
                        }
                    }
                }
            }
        }
        SquareL2.scaleTo(delta, eps);
        for (int k = 0; k < Pixels.VALUES; k++) {
            out[base + k] = clip(clean[base + k] + delta[k]);
        }
    }

    static float clip(float v) {
        return Math.max(0, Math.min(1, v));
    }

    private static int[] all(int n) {
        return java.util.stream.IntStream.range(0, n).toArray();
    }

    private static int[] open(boolean[] met) {
        return java.util.stream.IntStream.range(0, met.length).filter(i -> !met[i]).toArray();
    }

    /** The loss (lower is better) and whether the goal is met, for the images {@code which} of {@code x}. */
    private record Scores(float[] loss, boolean[] met) {}

    private static Scores scores(TappedNetwork net, NDManager parent, float[] x, int[] which, long[] aim,
            boolean targeted, Settings s) {
        float[] logits;
        try (NDManager m = parent.newSubManager()) {
            logits = net.logits(new ParameterStore(m, false), rows(m, x, which), false).toFloatArray();
        }
        return scores(logits, which, aim, targeted, s);
    }

    /** The scores of logits (row k for image {@code which[k]}). */
    private static Scores scores(float[] logits, int[] which, long[] aim, boolean targeted, Settings s) {
        float[] loss = new float[which.length];
        boolean[] met = new boolean[which.length];
        for (int k = 0; k < which.length; k++) {
            int t = (int) aim[which[k]];
            int offset = k * Predictions.CLASSES;
            double top = Double.NEGATIVE_INFINITY;
            double rival = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < Predictions.CLASSES; c++) {
                top = Math.max(top, logits[offset + c]);
                rival = c == t ? rival : Math.max(rival, logits[offset + c]);
            }
            double sum = 0;
            for (int c = 0; c < Predictions.CLASSES; c++) {
                sum += Math.exp(logits[offset + c] - top);
            }
            double logP = logits[offset + t] - top - Math.log(sum);
            boolean argmax = logits[offset + t] >= rival;
            if (targeted) {
                loss[k] = (float) -logP;
                met[k] = argmax && Math.exp(logP) >= s.confidence();
            } else {
                loss[k] = (float) (logits[offset + t] - rival);
                met[k] = !argmax;
            }
        }
        return new Scores(loss, met);
    }
}
