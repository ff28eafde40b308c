package lazyartist.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import lazyartist.data.ColoredSplit;
import lazyartist.data.SplitDataset;

/**
 * A model's class probabilities on every sample of a split (row-major N×10), with the predicted
 * digit and its probability.
 */
public record Predictions(float[] probabilities, int[] predicted, float[] confidence) {

    public static final int CLASSES = 10;
    private static final int BATCH = 256;

    /** Runs a network in inference mode over a split. */
    public static Predictions of(TappedNetwork net, ColoredSplit split) {
        return of(net, split, java.util.stream.IntStream.range(0, split.size()).toArray());
    }

    /** Runs a network in inference mode over some images of a split; rows follow {@code indices}. */
    public static Predictions of(TappedNetwork net, ColoredSplit split, int[] indices) {
        int n = indices.length;
        float[] probabilities = new float[n * CLASSES];
        try (NDManager manager = NDManager.newBaseManager()) {
            ParameterStore ps = new ParameterStore(manager, false);
            int batchSize = net.batchFor(BATCH);
            for (int start = 0; start < n; start += batchSize) {
                int size = Math.min(batchSize, n - start);
                try (NDManager batch = manager.newSubManager()) {
                    NDArray x = SplitDataset.images(batch, split, java.util.Arrays.copyOfRange(indices, start,
                            start + size));
                    float[] p = net.logits(ps, x, false).softmax(1).toFloatArray();
                    System.arraycopy(p, 0, probabilities, start * CLASSES, p.length);
                }
            }
        }
        return fromProbabilities(probabilities);
    }

    /** Runs a network in inference mode over one batch of images (N×3×28×28 in [0, 1]). */
    public static Predictions of(TappedNetwork net, NDArray images) {
        try (NDArray p = net.logits(new ParameterStore(images.getManager(), false), images, false).softmax(1)) {
            return fromProbabilities(p.toFloatArray());
        }
    }

    /** The predictions of logits already computed (N×10). */
    public static Predictions fromLogits(NDArray logits) {
        try (NDArray p = logits.softmax(1)) {
            return fromProbabilities(p.toFloatArray());
        }
    }

    /** The argmax and its probability of every row of row-major N×10 probabilities. */
    public static Predictions fromProbabilities(float[] probabilities) {
        int n = probabilities.length / CLASSES;
        int[] predicted = new int[n];
        float[] confidence = new float[n];
        for (int i = 0; i < n; i++) {
            int best = 0;
            for (int c = 1; c < CLASSES; c++) {
                if (probabilities[i * CLASSES + c] > probabilities[i * CLASSES + best]) {
                    best = c;
                }
            }
            predicted[i] = best;
            confidence[i] = probabilities[i * CLASSES + best];
        }
        return new Predictions(probabilities, predicted, confidence);
    }

    public int size() {
        return predicted.length;
    }

    /** Share of samples whose prediction equals their label. */
    public double accuracy(int[] labels) {
        int correct = 0;
        for (int i = 0; i < predicted.length; i++) {
            correct += predicted[i] == labels[i] ? 1 : 0;
        }
        return predicted.length == 0 ? 0 : correct / (double) predicted.length;
    }
}
