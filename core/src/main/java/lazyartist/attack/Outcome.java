package lazyartist.attack;

/**
 * One attack at one budget, judged on the images as saved (uint8); per-image arrays follow the targets.
 *
 * @param norm the budget's geometry ({@link Norm#key})
 * @param meanTargetConfidence the mean probability of each image's target (untargeted: of its label)
 * @param maxChange the largest change of a saved image, in [0, 1] units: of any value (L∞) or the
 *     length of an image's change (L2)
 * @param fooled per image, whether the saved image meets the goal
 * @param adversarial the saved images, uint8 N×28×28×3 (null where not kept)
 * @param attacked per image, whether the attack ran on it (null: on every image); a suite's later
 *     attacks run only on what the earlier ones left, and their rates count those images alone
 */
public record Outcome(String attack, String norm, double epsilon, double successRate, double meanTargetConfidence,
        double maxChange, double seconds, int[] predicted, float[] targetConfidence, boolean[] fooled,
        byte[] adversarial, boolean[] attacked) {

    /** The same outcome without its images, for the curves. */
    Outcome withoutImages() {
        return new Outcome(attack, norm, epsilon, successRate, meanTargetConfidence, maxChange, seconds, predicted,
                targetConfidence, fooled, null, attacked);
    }

    /** Whether the attack ran on every image. */
    public boolean onEveryImage() {
        return attacked == null;
    }

    /** The number of images the attack ran on. */
    public int images() {
        int n = 0;
        for (int i = 0; i < fooled.length; i++) {
            n += attacked == null || attacked[i] ? 1 : 0;
        }
        return n;
    }

    /**
     * This outcome, measured on some rows of N images, spread over all N: the other rows are marked not
     * attacked, with the clean image, the clean prediction {@code cleanPredicted} and no confidence.
     */
    Outcome onRows(int[] rows, int n, byte[] clean, int[] cleanPredicted) {
        int size = lazyartist.data.Pixels.VALUES;
        int[] p = cleanPredicted.clone();
        float[] c = new float[n];
        java.util.Arrays.fill(c, Float.NaN);
        boolean[] f = new boolean[n];
        boolean[] a = new boolean[n];
        byte[] images = adversarial == null ? null : clean.clone();
        for (int k = 0; k < rows.length; k++) {
            int i = rows[k];
            p[i] = predicted[k];
            c[i] = targetConfidence[k];
            f[i] = fooled[k];
            a[i] = true;
            if (images != null) {
                System.arraycopy(adversarial, k * size, images, i * size, size);
            }
        }
        return new Outcome(attack, norm, epsilon, successRate, meanTargetConfidence, maxChange, seconds, p, c, f,
                images, rows.length == n ? null : a);
    }

    /** The number of images fooled. */
    public int count() {
        int n = 0;
        for (boolean f : fooled) {
            n += f ? 1 : 0;
        }
        return n;
    }
}
