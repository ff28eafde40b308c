package lazyartist.explain;

import lazyartist.data.Pixels;

/**
 * The shortcut score of one map: the share of its positive attribution mass on the digit's
 * stroke (MNIST intensity above a threshold) and whether its maximum lies on the stroke (the
 * pointing game). A model that reads the shape scores high; one that reads the colour, low.
 */
public final class StrokeShare {

    /** Stroke pixels are those whose MNIST intensity exceeds 30% of full scale. */
    public static final double DEFAULT_THRESHOLD = 0.3;

    private StrokeShare() {}

    /** Per image: share of positive mass on the stroke (NaN for an all-zero map). */
    public static double[] shares(float[] maps, byte[] strokes, int[] samples, double threshold) {
        double[] out = new double[samples.length];
        for (int i = 0; i < samples.length; i++) {
            double onStroke = 0;
            double total = 0;
            for (int p = 0; p < Pixels.PIXELS; p++) {
                float v = maps[i * Pixels.PIXELS + p];
                if (v > 0) {
                    total += v;
                    if (isStroke(strokes, samples[i], p, threshold)) {
                        onStroke += v;
                    }
                }
            }
            out[i] = total == 0 ? Double.NaN : onStroke / total;
        }
        return out;
    }

    /** Per image: whether the map's maximum lies on the stroke. */
    public static boolean[] pointingHits(float[] maps, byte[] strokes, int[] samples, double threshold) {
        boolean[] out = new boolean[samples.length];
        for (int i = 0; i < samples.length; i++) {
            int best = 0;
            for (int p = 1; p < Pixels.PIXELS; p++) {
                if (maps[i * Pixels.PIXELS + p] > maps[i * Pixels.PIXELS + best]) {
                    best = p;
                }
            }
            out[i] = isStroke(strokes, samples[i], best, threshold);
        }
        return out;
    }

    /** Mean of the defined values (NaN entries are skipped). */
    public static double mean(double[] values) {
        return java.util.Arrays.stream(values).filter(v -> !Double.isNaN(v)).average().orElse(Double.NaN);
    }

    static boolean isStroke(byte[] strokes, int sample, int pixel, double threshold) {
        return (strokes[sample * Pixels.PIXELS + pixel] & 0xff) > threshold * 255;
    }
}
