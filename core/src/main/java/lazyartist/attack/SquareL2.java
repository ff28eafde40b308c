package lazyartist.attack;

import java.util.SplittableRandom;
import lazyartist.data.Pixels;

/** The Square Attack's L2 geometry: the paper's window pattern and its query (Algorithm 3). */
final class SquareL2 {

    private SquareL2() {}

    /**
     * One L2 query (the paper's Algorithm 3): the change inside a first window is replaced by a new
     * pattern plus the old change, and a second window's change is moved into it, so that the whole
     * change keeps its length ε.
     */
    static void window(float[] clean, float[] x, int i, float eps, int side, SplittableRandom random) {
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
            x[base + k] = Square.clip(clean[base + k] + delta[k]);
        }
    }

    /** The paper's L2 window pattern: two halves of nested squares weighted 1/r², of opposite signs, unit norm. */
    static float[] eta(int s, SplittableRandom random) {
        float[] pattern = PATTERNS.computeIfAbsent(s, SquareL2::pattern);
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
    static void scaleTo(float[] delta, float eps) {
        double norm = 0;
        for (float v : delta) {
            norm += v * v;
        }
        float scale = (float) (eps / (Math.sqrt(norm) + 1e-12));
        for (int k = 0; k < delta.length; k++) {
            delta[k] *= scale;
        }
    }
}
