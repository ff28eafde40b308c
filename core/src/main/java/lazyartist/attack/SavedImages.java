package lazyartist.attack;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Arrays;
import java.util.stream.IntStream;
import lazyartist.data.Pixels;
import lazyartist.data.SplitDataset;
import lazyartist.model.Predictions;
import lazyartist.model.TappedNetwork;

/**
 * Attacks run on uint8 images and judged as they are saved, like the data set: every adversarial
 * image is rounded to uint8 inside its budget. In L∞ each value moves by at most round(ε·255); in
 * L2 the rounded change is at most ε·255 long: values are rounded to the nearest level, and when that
 * lengthens the change past the budget, the values rounded away from the clean image are moved back
 * one level, the largest excess first, until it fits (no slack).
 */
public final class SavedImages {

    /** Images per attack batch: 50 ran the lazy CNN and the RobustCNN fastest per image (fwd+bwd, 2 cores). */
    static final int BATCH = 50;

    private SavedImages() {}

    /**
     * Adversarial uint8 images of the targets: each toward {@code aims[i]}, or away from its label when
     * {@code targeted} is false, within its own budget.
     */
    public static byte[] attack(TappedNetwork net, Targets t, int[] aims, boolean targeted, float[] budgets,
            Attack attack, Settings s) {
        int n = t.size();
        int size = Pixels.VALUES;
        byte[] out = new byte[t.clean().length];
        long[] ids = t.ids();
        int batchSize = net.batchFor(BATCH);
        for (int from = 0; from < n; from += batchSize) {
            int to = Math.min(n, from + batchSize);
            try (NDManager manager = NDManager.newBaseManager()) {
                byte[] clean = Arrays.copyOfRange(t.clean(), from * size, to * size);
                NDArray x = SplitDataset.images(manager, clean);
                NDArray labels = manager.create(IntStream.range(from, to).mapToLong(i -> t.labels()[i]).toArray());
                NDArray targets = targeted ? manager.create(IntStream.range(from, to).mapToLong(i -> aims[i])
                        .toArray()) : null;
                Goal goal = new Goal(x, labels, targets, manager.create(Arrays.copyOfRange(budgets, from, to)),
                        Arrays.copyOfRange(ids, from, to));
                byte[] saved = round(clean, Pixels.levels(attack.run(net, goal, s).toFloatArray()),
                        Arrays.copyOfRange(budgets, from, to), s.norm());
                System.arraycopy(saved, 0, out, from * size, saved.length);
            }
        }
        return out;
    }

    /**
     * Adversarial images, given as float values ×255 in file order, rounded to uint8 within each
     * image's budget around the clean bytes.
     */
    static byte[] round(byte[] clean, float[] scaled, float[] budgets, Norm norm) {
        int size = Pixels.VALUES;
        byte[] out = new byte[clean.length];
        for (int i = 0; i < budgets.length; i++) {
            int base = i * size;
            if (norm == Norm.LINF) {
                int limit = Math.round(budgets[i] * 255);
                for (int k = base; k < base + size; k++) {
                    int c = clean[k] & 0xff;
                    int v = Math.round(scaled[k]);
                    out[k] = (byte) Pixels.clampByte(Math.max(c - limit, Math.min(c + limit, v)));
                }
                continue;
            }
            double limit = budgets[i] * 255.0;
            int[] delta = new int[size];
            double length = 0;
            for (int k = 0; k < size; k++) {
                int c = clean[base + k] & 0xff;
                delta[k] = Pixels.clampByte(Math.round(scaled[base + k])) - c;
                length += (double) delta[k] * delta[k];
            }
            if (length > limit * limit) {
                // The values rounded away from the clean image, the largest excess first.
                Integer[] order = IntStream.range(0, size).boxed().toArray(Integer[]::new);
                double[] excess = new double[size];
                for (int k = 0; k < size; k++) {
                    double real = scaled[base + k] - (clean[base + k] & 0xff);
                    excess[k] = Math.abs(delta[k]) - Math.abs(real);
                }
                Arrays.sort(order, (a, b) -> Double.compare(excess[b], excess[a]));
                for (int j = 0; j < size && length > limit * limit && excess[order[j]] > 0; j++) {
                    int k = order[j];
                    int back = delta[k] - Integer.signum(delta[k]);
                    length += (double) back * back - (double) delta[k] * delta[k];
                    delta[k] = back;
                }
                // Rounding every value toward the clean image never lengthens the change: still too long, truncate.
                for (int k = 0; k < size && length > limit * limit; k++) {
                    int truncated = (int) (scaled[base + k] - (clean[base + k] & 0xff));
                    if (Math.abs(truncated) < Math.abs(delta[k])) {
                        length += (double) truncated * truncated - (double) delta[k] * delta[k];
                        delta[k] = truncated;
                    }
                }
            }
            for (int k = 0; k < size; k++) {
                out[base + k] = (byte) ((clean[base + k] & 0xff) + delta[k]);
            }
        }
        return out;
    }

    /**
     * Success, aim probability and largest change of saved adversarial images: toward {@code aims}
     * (targeted) with the confidence asked, or away from each image's label.
     */
    public static Outcome judge(TappedNetwork net, String attack, Norm norm, double epsilon, Targets t, int[] aims,
            boolean targeted, byte[] adversarial, double confidence, double seconds) {
        int n = t.size();
        int[] predicted = new int[n];
        float[] aimConfidence = new float[n];
        boolean[] fooled = new boolean[n];
        int batchSize = net.batchFor(BATCH);
        for (int from = 0; from < n; from += batchSize) {
            int to = Math.min(n, from + batchSize);
            try (NDManager manager = NDManager.newBaseManager()) {
                Predictions p = Predictions.of(net, SplitDataset.images(manager, Arrays.copyOfRange(adversarial,
                        from * Pixels.VALUES, to * Pixels.VALUES)));
                for (int k = 0; k < to - from; k++) {
                    int i = from + k;
                    int aim = targeted ? aims[i] : t.labels()[i];
                    predicted[i] = p.predicted()[k];
                    aimConfidence[i] = p.probabilities()[k * Predictions.CLASSES + aim];
                    fooled[i] = targeted ? predicted[i] == aim && aimConfidence[i] >= confidence : predicted[i] != aim;
                }
            }
        }
        double largest = 0;
        for (int i = 0; i < n; i++) {
            double length = 0;
            for (int k = i * Pixels.VALUES; k < (i + 1) * Pixels.VALUES; k++) {
                int d = Math.abs((t.clean()[k] & 0xff) - (adversarial[k] & 0xff));
                length = norm == Norm.LINF ? Math.max(length, d) : length + d * d;
            }
            largest = Math.max(largest, norm == Norm.LINF ? length : Math.sqrt(length));
        }
        int successes = 0;
        double sum = 0;
        for (int i = 0; i < n; i++) {
            successes += fooled[i] ? 1 : 0;
            sum += aimConfidence[i];
        }
        return new Outcome(attack, norm.key(), epsilon, n == 0 ? 0 : successes / (double) n, n == 0 ? 0 : sum / n,
                largest / 255.0, seconds, predicted, aimConfidence, fooled, adversarial, null);
    }

    /** An attack on the targets at one budget, toward {@code to} (null: untargeted), saved and judged. */
    public static Outcome run(TappedNetwork net, Targets t, Integer to, double epsilon, Attack attack, Settings s) {
        float[] budgets = new float[t.size()];
        Arrays.fill(budgets, (float) epsilon);
        int[] aims = new int[t.size()];
        Arrays.fill(aims, to == null ? -1 : to);
        long start = System.nanoTime();
        byte[] adversarial = attack(net, t, aims, to != null, budgets, attack, s);
        double seconds = (System.nanoTime() - start) / 1e9;
        return judge(net, attack.key(), s.norm(), epsilon, t, aims, to != null, adversarial, s.confidence(), seconds);
    }
}
