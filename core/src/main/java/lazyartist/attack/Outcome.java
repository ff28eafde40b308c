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
 */
public record Outcome(String attack, String norm, double epsilon, double successRate, double meanTargetConfidence,
        double maxChange, double seconds, int[] predicted, float[] targetConfidence, boolean[] fooled,
        byte[] adversarial) {

    /** The same outcome without its images, for the curves. */
    Outcome withoutImages() {
        return new Outcome(attack, norm, epsilon, successRate, meanTargetConfidence, maxChange, seconds, predicted,
                targetConfidence, fooled, null);
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
