package lazyartist.eval;

import lazyartist.data.ColoredSplit;
import lazyartist.data.Palette;
import lazyartist.model.Predictions;

/**
 * How a model does on one split, and whether it reads the digit or the colour.
 *
 * @param alignedAccuracy accuracy on samples that wear their digit's colour (NaN if none)
 * @param conflictingAccuracy accuracy on samples that wear another digit's colour (NaN if none)
 * @param colourAgreement share of predictions equal to the digit whose colour the image wears
 * @param confusion counts[true digit][predicted digit]
 * @param colourVsPrediction counts[colour worn][predicted digit]
 */
public record SplitMetrics(String split, int count, double accuracy, int alignedCount, double alignedAccuracy,
        int conflictingCount, double conflictingAccuracy, double colourAgreement, int[][] confusion,
        int[][] colourVsPrediction) {

    /** Computes every number from a split and the predictions on it. */
    public static SplitMetrics of(ColoredSplit split, Predictions predictions) {
        int n = split.size();
        int correct = 0;
        int aligned = 0;
        int alignedCorrect = 0;
        int agree = 0;
        int[][] confusion = new int[Palette.SIZE][Palette.SIZE];
        int[][] colourVsPrediction = new int[Palette.SIZE][Palette.SIZE];
        for (int i = 0; i < n; i++) {
            int label = split.labels()[i];
            int colour = split.colours()[i];
            int predicted = predictions.predicted()[i];
            boolean right = predicted == label;
            correct += right ? 1 : 0;
            if (split.aligned(i)) {
                aligned++;
                alignedCorrect += right ? 1 : 0;
            }
            agree += predicted == colour ? 1 : 0;
            confusion[label][predicted]++;
            colourVsPrediction[colour][predicted]++;
        }
        int conflicting = n - aligned;
        return new SplitMetrics(split.name(), n, ratio(correct, n), aligned, ratio(alignedCorrect, aligned),
                conflicting, ratio(correct - alignedCorrect, conflicting), ratio(agree, n), confusion,
                colourVsPrediction);
    }

    private static double ratio(int a, int b) {
        return b == 0 ? Double.NaN : a / (double) b;
    }
}
