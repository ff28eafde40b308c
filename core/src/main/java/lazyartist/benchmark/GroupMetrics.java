package lazyartist.benchmark;

import lazyartist.data.Palette;

/**
 * A model's accuracy on the protocol's test set, as the authors compute it (alinlab/LfF
 * {@code train.py}, {@code MultiDimAverageMeter}): the accuracy of every (digit, colour) group,
 * then plain means over groups — all 100 for the unbiased accuracy, the 10 aligned ones, the 90
 * conflicting ones — so that the test set's 10% aligned share does not weigh in. Also the worst
 * group and the expected calibration error (15 equal-width confidence bins).
 */
public record GroupMetrics(double unbiased, double aligned, double conflicting, double worstGroup,
        double calibrationError) {

    static final int BINS = 15;

    /**
     * @param predicted each test digit's predicted class
     * @param confidence each test digit's largest softmax probability
     */
    public static GroupMetrics of(int[] labels, int[] colours, int[] predicted, float[] confidence) {
        int n = Palette.SIZE;
        double[][] correct = new double[n][n];
        double[][] count = new double[n][n];
        for (int i = 0; i < labels.length; i++) {
            count[labels[i]][colours[i]]++;
            correct[labels[i]][colours[i]] += predicted[i] == labels[i] ? 1 : 0;
        }
        double all = 0;
        double aligned = 0;
        double conflicting = 0;
        double worst = 1;
        int groups = 0;
        for (int d = 0; d < n; d++) {
            for (int c = 0; c < n; c++) {
                if (count[d][c] == 0) {
                    continue;
                }
                double accuracy = correct[d][c] / count[d][c];
                all += accuracy;
                groups++;
                worst = Math.min(worst, accuracy);
                if (d == c) {
                    aligned += accuracy / n;
                } else {
                    conflicting += accuracy / (n * (n - 1));
                }
            }
        }
        if (groups != n * n) {
            throw new IllegalArgumentException("the test set must hold every (digit, colour) group; " + groups
                    + " of " + n * n + " are present");
        }
        return new GroupMetrics(all / groups, aligned, conflicting, worst, calibrationError(labels, predicted,
                confidence));
    }

    /** Σ over bins of (bin share) · |accuracy − mean confidence|, bins of width 1/15 over (0, 1]. */
    static double calibrationError(int[] labels, int[] predicted, float[] confidence) {
        double[] hits = new double[BINS];
        double[] sure = new double[BINS];
        int[] count = new int[BINS];
        for (int i = 0; i < labels.length; i++) {
            int bin = Math.min(BINS - 1, Math.max(0, (int) Math.ceil(confidence[i] * BINS) - 1));
            count[bin]++;
            hits[bin] += predicted[i] == labels[i] ? 1 : 0;
            sure[bin] += confidence[i];
        }
        double error = 0;
        for (int b = 0; b < BINS; b++) {
            if (count[b] > 0) {
                error += Math.abs(hits[b] - sure[b]) / labels.length;
            }
        }
        return error;
    }
}
