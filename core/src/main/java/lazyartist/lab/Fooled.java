package lazyartist.lab;

import lazyartist.data.Pixels;

/**
 * A targeted attack's result; {@code perturbation} is the change stretched to [0, 255] around 128.
 * {@code alreadyTarget}: the model gave the target with the confidence asked before any attack, so none ran.
 */
public record Fooled(String model, int target, double epsilon, int steps, byte[] adversarial, byte[] perturbation,
        double maxChange, Lab.Reading reading, boolean success, boolean alreadyTarget) {

    /** The answer for an attack that moved {@code image} to {@code adversarial}. */
    static Fooled of(String model, int target, double epsilon, int steps, byte[] image, byte[] adversarial,
            Lab.Reading reading, boolean alreadyTarget) {
        byte[] perturbation = new byte[image.length];
        int largest = 0;
        float stretch = 127 / (float) (epsilon * 255);
        for (int k = 0; k < image.length; k++) {
            int change = (adversarial[k] & 0xff) - (image[k] & 0xff);
            largest = Math.max(largest, Math.abs(change));
            perturbation[k] = (byte) Pixels.clampByte(Math.round(128 + change * stretch));
        }
        boolean success = !alreadyTarget && reading.predicted() == target
                && reading.probabilities()[target] >= LabSettings.CONFIDENCE;
        return new Fooled(model, target, epsilon, steps, adversarial, perturbation, largest / 255.0, reading,
                success, alreadyTarget);
    }
}
