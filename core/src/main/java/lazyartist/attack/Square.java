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
                    l2Window(clean, candidate, i, epsilon[i], side, random[i]);
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
                float[] eta = eta(s, random);
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
        scaleTo(delta, eps);
        for (int k = 0; k < Pixels.VALUES; k++) {
            out[base + k] = clip(clean[base + k] + delta[k]);
        }
    }

    /**
     * One L2 query (the paper's Algorithm 3): the change inside a first window is replaced by a new
     * pattern plus the old change, and a second window's change is moved into it, so that the whole
     * change keeps its length ε.
     */
    private static void l2Window(float[] clean, float[] x, int i, float eps, int side, SplittableRandom random) {
        int base = i * Pixels.VALUES;
        float[] delta = new float[Pixels.VALUES];
        double total = 0;
        for (int k = 0; k < Pixels.VALUES; k++) {
            delta[k] = x[base + k] - clean[base + k];
            total += delta[k] * delta[k];
        }
        int vy = random.nextInt(Pixels.SIDE - side + 1);
        int vx = random.nextInt(Pixels.SIDE - side + 1);
        int vy2 = random.nextInt(Pixels.SIDE - side + 1);
        int vx2 = random.nextInt(Pixels.SIDE - side + 1);
        float[] eta = eta(side, random);
        float[] fresh = new float[side * side];
        for (int c = 0; c < Pixels.CHANNELS; c++) {
            int plane = c * Pixels.PIXELS;
            double window = 0;
            double windows = 0;
            // Row-major over the two windows' union, in the order a scan of the whole plane would add them.
            for (int y = Math.min(vy, vy2); y < Math.max(vy, vy2) + side; y++) {
                boolean inFirst = y >= vy && y < vy + side;
                boolean inSecond = y >= vy2 && y < vy2 + side;
                int from = Math.min(inFirst ? vx : Pixels.SIDE, inSecond ? vx2 : Pixels.SIDE);
                int to = Math.max(inFirst ? vx + side : 0, inSecond ? vx2 + side : 0);
                for (int xx = from; xx < to; xx++) {
                    boolean first = inFirst && xx >= vx && xx < vx + side;
                    if (first || inSecond && xx >= vx2 && xx < vx2 + side) {
                        float d = delta[plane + y * Pixels.SIDE + xx];
                        window += first ? d * d : 0;
                        windows += d * d;
                    }
                }
            }
            double oldNorm = Math.sqrt(window) + 1e-12;
            float sign = random.nextBoolean() ? 1 : -1;
            double freshNorm = 0;
            for (int y = 0; y < side; y++) {
                for (int xx = 0; xx < side; xx++) {
                    float v = sign * eta[y * side + xx] + (float) (delta[plane + (vy + y) * Pixels.SIDE + vx + xx] / oldNorm);
                    fresh[y * side + xx] = v;
                    freshNorm += v * v;
                }
            }
            double budget = Math.max(eps * (double) eps - total, 0) / Pixels.CHANNELS + windows;
            double scale = Math.sqrt(budget) / (Math.sqrt(freshNorm) + 1e-12);
            for (int y = vy2; y < vy2 + side; y++) {
                java.util.Arrays.fill(delta, plane + y * Pixels.SIDE + vx2, plane + y * Pixels.SIDE + vx2 + side, 0f);
            }
            for (int y = 0; y < side; y++) {
                for (int xx = 0; xx < side; xx++) {
                    delta[plane + (vy + y) * Pixels.SIDE + vx + xx] = (float) (fresh[y * side + xx] * scale);
                }
            }
        }
        scaleTo(delta, eps);
        for (int k = 0; k < Pixels.VALUES; k++) {
            x[base + k] = clip(clean[base + k] + delta[k]);
        }
    }

    /** The paper's L2 window pattern: two halves of nested squares weighted 1/r², of opposite signs, unit norm. */
    static float[] eta(int s, SplittableRandom random) {
        float[] pattern = PATTERNS.computeIfAbsent(s, Square::pattern);
        boolean transpose = random.nextBoolean();
        if (!transpose) {
            return pattern;
        }
        float[] result = new float[s * s];
        for (int y = 0; y < s; y++) {
            for (int x = 0; x < s; x++) {
                result[y * s + x] = pattern[x * s + y];
            }
        }
        return result;
    }

    /** The untransposed pattern of each side, built once: every query of that size reuses it. */
    private static final java.util.Map<Integer, float[]> PATTERNS = new java.util.concurrent.ConcurrentHashMap<>();

    private static float[] pattern(int s) {
        float[] out = new float[s * s];
        int top = s / 2;
        rectangles(out, 0, top, s, s, 1);
        rectangles(out, top, s - top, s, s, -1);
        double norm = 0;
        for (float v : out) {
            norm += v * v;
        }
        float scale = (float) (1 / Math.sqrt(norm));
        for (int k = 0; k < out.length; k++) {
            out[k] *= scale;
        }
        return out;
    }

    /** Nested rectangles centred in rows [from, from + h) of width w, each ring weighted 1/(r+1)², normalised. */
    private static void rectangles(float[] out, int from, int h, int w, int stride, float sign) {
        float[] block = new float[h * w];
        int cy = h / 2;
        int cx = w / 2;
        for (int r = 0; r < Math.max(cy + 1, cx + 1); r++) {
            float add = 1f / ((r + 1) * (r + 1));
            for (int y = Math.max(cy - r, 0); y < Math.min(cy - r + 2 * r + 1, h); y++) {
                for (int x = Math.max(cx - r, 0); x < Math.min(cx - r + 2 * r + 1, w); x++) {
                    block[y * w + x] += add;
                }
            }
        }
        double norm = 0;
        for (float v : block) {
            norm += v * v;
        }
        for (int k = 0; k < block.length; k++) {
            out[(from + k / w) * stride + k % w] = (float) (sign * block[k] / Math.sqrt(norm));
        }
    }

    /** Rescales a change to length ε (the L2 ball's surface). */
    private static void scaleTo(float[] delta, float eps) {
        double norm = 0;
        for (float v : delta) {
            norm += v * v;
        }
        float scale = (float) (eps / (Math.sqrt(norm) + 1e-12));
        for (int k = 0; k < delta.length; k++) {
            delta[k] *= scale;
        }
    }

    private static float clip(float v) {
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
