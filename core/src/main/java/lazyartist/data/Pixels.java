package lazyartist.data;

import ai.djl.ndarray.types.Shape;

/**
 * The image geometry every part of the lab shares, and the two layouts it moves between: the files'
 * uint8 H×W×C (pixel-major RGB) and the networks' float32 C×H×W in [0, 1].
 */
public final class Pixels {

    public static final int SIDE = 28;
    /** Pixels of one image (28 × 28). */
    public static final int PIXELS = SIDE * SIDE;
    public static final int CHANNELS = 3;
    /** Values of one RGB image (3 × 784): its bytes in a file, its floats in a network. */
    public static final int VALUES = CHANNELS * PIXELS;

    private Pixels() {}

    /** The networks' input shape for {@code n} images: n×3×28×28. */
    public static Shape batch(long n) {
        return new Shape(n, CHANNELS, SIDE, SIDE);
    }

    /** A value in [0, 1] as the uint8 a file stores: clamped, then rounded to the nearest 1/255. */
    public static int toByte(float value) {
        return Math.round(Math.max(0, Math.min(1, value)) * 255);
    }

    /** An integer clamped to 0–255. */
    public static int clampByte(int value) {
        return Math.max(0, Math.min(255, value));
    }

    /** uint8 N×28×28×3 images as float32 N×3×28×28 in [0, 1]. */
    public static float[] chw(byte[] hwc) {
        int n = hwc.length / VALUES;
        float[] out = new float[hwc.length];
        for (int i = 0; i < n; i++) {
            int base = i * VALUES;
            for (int p = 0; p < PIXELS; p++) {
                for (int c = 0; c < CHANNELS; c++) {
                    out[base + c * PIXELS + p] = (hwc[base + p * CHANNELS + c] & 0xff) / 255f;
                }
            }
        }
        return out;
    }

    /** Float N×3×28×28 values in N×28×28×3 order (no scaling). */
    public static float[] hwc(float[] chw) {
        int n = chw.length / VALUES;
        float[] out = new float[chw.length];
        for (int i = 0; i < n; i++) {
            int base = i * VALUES;
            for (int p = 0; p < PIXELS; p++) {
                for (int c = 0; c < CHANNELS; c++) {
                    out[base + p * CHANNELS + c] = chw[base + c * PIXELS + p];
                }
            }
        }
        return out;
    }

    /** Float N×3×28×28 images in [0, 1] as N×28×28×3 values on the 0–255 scale, not yet rounded. */
    public static float[] levels(float[] chw) {
        float[] hwc = hwc(chw);
        for (int k = 0; k < hwc.length; k++) {
            hwc[k] *= 255;
        }
        return hwc;
    }

    /** Float N×3×28×28 images in [0, 1] as the uint8 N×28×28×3 a file stores ({@link #toByte}). */
    public static byte[] bytes(float[] chw) {
        float[] hwc = hwc(chw);
        byte[] out = new byte[hwc.length];
        for (int k = 0; k < hwc.length; k++) {
            out[k] = (byte) toByte(hwc[k]);
        }
        return out;
    }
}
