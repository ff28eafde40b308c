package lazyartist.attack;

import java.util.Arrays;
import java.util.stream.IntStream;
import lazyartist.LabException;
import lazyartist.data.ColoredSplit;
import lazyartist.data.Pixels;
import lazyartist.model.Predictions;
import lazyartist.model.TappedNetwork;

/**
 * The images attacked: their indices in a split (which name them in every file and seed every
 * random draw about them), their clean uint8 bytes, their digits, and the model's clean confidence.
 */
public record Targets(String split, int[] indices, byte[] clean, int[] labels, float[] cleanConfidence) {

    public int size() {
        return indices.length;
    }

    /** The indices as ids for the attacks' per-image random streams. */
    public long[] ids() {
        return IntStream.of(indices).asLongStream().toArray();
    }

    /** The first n images. */
    public Targets head(int n) {
        int m = Math.min(n, size());
        return new Targets(split, Arrays.copyOf(indices, m), Arrays.copyOf(clean, m * Pixels.VALUES),
                Arrays.copyOf(labels, m), Arrays.copyOf(cleanConfidence, m));
    }

    /** The images {@code which}, in that order. */
    public Targets rows(int[] which) {
        byte[] bytes = new byte[which.length * Pixels.VALUES];
        for (int k = 0; k < which.length; k++) {
            System.arraycopy(clean, which[k] * Pixels.VALUES, bytes, k * Pixels.VALUES, Pixels.VALUES);
        }
        return new Targets(split, IntStream.of(which).map(i -> indices[i]).toArray(), bytes,
                IntStream.of(which).map(i -> labels[i]).toArray(), pick(cleanConfidence, which));
    }

    /** The first {@code limit} images of digit {@code from} in a split that the network reads right. */
    public static Targets readRight(TappedNetwork net, ColoredSplit split, int from, int limit) {
        int[] digits = IntStream.range(0, split.size()).filter(i -> split.labels()[i] == from).toArray();
        Predictions clean = Predictions.of(net, split, digits);
        int[] kept = IntStream.range(0, digits.length).filter(k -> clean.predicted()[k] == from).limit(limit)
                .toArray();
        if (kept.length == 0) {
            throw new LabException("no image of digit " + from + " in split " + split.name()
                    + " is predicted right by this model; nothing to attack");
        }
        return of(split, IntStream.of(kept).map(k -> digits[k]).toArray(), pick(clean.confidence(), kept));
    }

    /** The first {@code n} images of a split, whatever their digit and however the network reads them. */
    public static Targets first(TappedNetwork net, ColoredSplit split, int n) {
        int[] indices = IntStream.range(0, Math.min(n, split.size())).toArray();
        Predictions clean = Predictions.of(net, split, indices);
        float[] confidence = new float[indices.length];
        for (int k = 0; k < indices.length; k++) {
            confidence[k] = clean.probabilities()[k * Predictions.CLASSES + split.labels()[indices[k]]];
        }
        return of(split, indices, confidence);
    }

    /** Loose images (the lab's one image): ids 0, 1, … */
    public static Targets of(byte[] clean, int[] labels) {
        return new Targets("-", IntStream.range(0, labels.length).toArray(), clean, labels.clone(),
                new float[labels.length]);
    }

    private static Targets of(ColoredSplit split, int[] indices, float[] confidence) {
        byte[] bytes = new byte[indices.length * Pixels.VALUES];
        for (int k = 0; k < indices.length; k++) {
            System.arraycopy(split.images(), indices[k] * Pixels.VALUES, bytes, k * Pixels.VALUES, Pixels.VALUES);
        }
        return new Targets(split.name(), indices, bytes, IntStream.of(indices).map(i -> split.labels()[i]).toArray(),
                confidence);
    }

    private static float[] pick(float[] values, int[] which) {
        float[] out = new float[which.length];
        for (int k = 0; k < which.length; k++) {
            out[k] = values[which[k]];
        }
        return out;
    }
}
