package lazyartist.attack;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import lazyartist.LabException;
import lazyartist.OptionException;
import lazyartist.data.Pixels;
import lazyartist.data.Staging;

/**
 * The geometry of a budget: L∞ (every value moves by at most ε) or L2 (the change of all 2,352
 * values, in [0, 1] pixel units, has Euclidean length at most ε). Each knows its ball, its
 * steepest-ascent direction and its random starting points.
 */
public enum Norm {
    LINF(Norm.LINF_GRID),
    L2(Norm.L2_GRID);

    /** The default L∞ and L2 grids as the {@code attack} command's options take them: the study's too. */
    public static final String LINF_GRID = "0.005,0.01,0.02,0.05,0.1,0.2,0.3";
    public static final String L2_GRID = "0.1,0.25,0.5,1,2,3,5";

    /** The default budgets of the success-vs-ε curves and the upper end of the minimal-ε search. */
    public final List<Double> grid;

    Norm(String grid) {
        this.grid = Arrays.stream(grid.split(",")).map(Double::valueOf).toList();
    }

    public static Norm parse(String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "linf", "l-inf", "inf" -> LINF;
            case "l2" -> L2;
            default -> throw new OptionException("{norm} must be linf or l2, got '" + text + "'");
        };
    }

    public String key() {
        return this == LINF ? "linf" : "l2";
    }

    /** The symbol the report and the console print: L∞ or L2. */
    public String symbol() {
        return this == LINF ? "L∞" : "L2";
    }

    /** The largest budget an image can need: L∞ 1 (any image), L2 the diagonal of the unit cube. */
    public double largest() {
        return this == LINF ? 1 : Math.sqrt(Pixels.VALUES);
    }

    /** A budget must be positive and at most {@link #largest}. */
    public void check(double epsilon) {
        if (!(epsilon > 0 && epsilon <= largest())) {
            throw new LabException(String.format(Locale.ROOT, "an %s budget ε must be in (0, %s], got %s", symbol(),
                    this == LINF ? "1" : String.format(Locale.ROOT, "%.1f", largest()), epsilon));
        }
    }

    /** Each image's size of a perturbation N×3×28×28, as an N-vector. */
    public NDArray size(NDArray delta) {
        NDArray flat = delta.reshape(delta.getShape().get(0), -1);
        return this == LINF ? flat.abs().max(new int[] {1}) : flat.square().sum(new int[] {1}).sqrt();
    }

    /**
     * {@code x} moved into the ball of radius {@code eps} (N×1×1×1) around {@code x0}, then into [0, 1].
     * Clipping to the box cannot leave the ball: x0 lies in the box, and the box's projection moves no
     * value away from it.
     */
    public NDArray project(NDArray x, NDArray x0, NDArray eps) {
        if (this == LINF) {
            return x.maximum(x0.sub(eps)).minimum(x0.add(eps)).clip(0, 1);
        }
        NDArray delta = x.sub(x0);
        NDArray length = size(delta).reshape(-1, 1, 1, 1);
        NDArray scale = eps.div(length.maximum(eps));
        return x0.add(delta.mul(scale)).clip(0, 1);
    }

    /** The unit step of steepest ascent along a gradient: its sign (L∞) or its direction (L2). */
    public NDArray direction(NDArray gradient) {
        if (this == LINF) {
            return gradient.sign();
        }
        NDArray length = size(gradient).reshape(-1, 1, 1, 1).add(1e-12f);
        return gradient.div(length);
    }

    /**
     * A random point of each image's ball, drawn from the image's own stream (its id and {@code salt}),
     * so that an image's start does not depend on the other images of its batch: L∞ uniform in the
     * cube, L2 a uniform direction at a uniform fraction of the radius.
     */
    public NDArray randomStart(NDArray x0, NDArray eps, long[] ids, long seed, long salt) {
        int n = ids.length;
        float[] noise = new float[n * Pixels.VALUES];
        for (int i = 0; i < n; i++) {
            SplittableRandom random = new SplittableRandom(mix(seed, ids[i], salt));
            double length = 0;
            for (int j = 0; j < Pixels.VALUES; j++) {
                double v = this == LINF ? 2 * random.nextDouble() - 1 : gaussian(random);
                noise[i * Pixels.VALUES + j] = (float) v;
                length += v * v;
            }
            if (this == L2) {
                double radius = random.nextDouble() / Math.sqrt(length);
                for (int j = 0; j < Pixels.VALUES; j++) {
                    noise[i * Pixels.VALUES + j] *= (float) radius;
                }
            }
        }
        NDManager m = x0.getManager();
        return x0.add(Staging.floats(m, noise, x0.getShape()).mul(eps)).clip(0, 1);
    }

    /** One seed from a run's seed, an image's id and a salt (which restart, which attack). */
    static long mix(long seed, long id, long salt) {
        long h = seed * 0x9E3779B97F4A7C15L + id;
        h = (h ^ (h >>> 31)) * 0xBF58476D1CE4E5B9L + salt;
        return h ^ (h >>> 29);
    }

    private static double gaussian(SplittableRandom random) {
        // Box–Muller: SplittableRandom has no nextGaussian on Java 17.
        double u = 1 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
