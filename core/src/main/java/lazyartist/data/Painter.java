package lazyartist.data;

import java.util.Random;

/**
 * Paints one grey MNIST digit into RGB. Noise comes from a fixed table of Gaussian draws indexed
 * by a per-sample xorshift generator, which keeps painting fast and independent of thread order.
 */
public final class Painter {

    /** Foreground mode: the dark background's mean level and noise, and the strokes' noise. */
    static final int DARK_LEVEL = 16;
    static final double DARK_SIGMA = 8;
    static final double STROKE_SIGMA = 8;
    /** Background mode: texture noise around the palette colour (σ 10, so about ±20 levels). */
    static final double TEXTURE_SIGMA = 10;
    /** Background mode: strokes are a light grey drawn per image from this range. */
    static final int STROKE_GREY_MIN = 180;
    static final int STROKE_GREY_MAX = 255;

    private static final int TABLE_BITS = 16;
    private static final float[] GAUSSIAN = gaussianTable();

    private final Mode mode;
    private final Palette palette;

    Painter(Mode mode, Palette palette) {
        this.mode = mode;
        this.palette = palette;
    }

    /** Paints {@code grey} (784 bytes) in {@code colour} into {@code out} at {@code offset}. */
    void paint(byte[] grey, int greyOffset, int colour, long sampleSeed, byte[] out, int offset) {
        paint(mode, grey, greyOffset, palette.get(colour).rgb(), sampleSeed, out, offset);
    }

    /**
     * One grey digit (784 bytes, 0 background … 255 stroke) painted as the generator paints it, in any
     * colour: HWC uint8 28×28×3.
     */
    public static byte[] paint(Mode mode, int[] rgb, byte[] grey, long seed) {
        if (grey.length != Pixels.PIXELS || rgb.length != 3) {
            throw new IllegalArgumentException("a digit is Pixels.PIXELS grey values and a colour three");
        }
        byte[] out = new byte[Pixels.PIXELS * 3];
        paint(mode, grey, 0, rgb, seed, out, 0);
        return out;
    }

    private static void paint(Mode mode, byte[] grey, int greyOffset, int[] rgb, long sampleSeed, byte[] out,
            int offset) {
        long state = mix(sampleSeed);
        // Per channel: the stroke's and the background's mean level and noise scale.
        int[] strokeMean = new int[3];
        int[] backMean = new int[3];
        float strokeSigma;
        float backSigma;
        if (mode == Mode.FOREGROUND) {
            strokeMean = rgb;
            java.util.Arrays.fill(backMean, DARK_LEVEL);
            strokeSigma = (float) STROKE_SIGMA;
            backSigma = (float) DARK_SIGMA;
        } else {
            int light = STROKE_GREY_MIN + (int) Long.remainderUnsigned(state, STROKE_GREY_MAX - STROKE_GREY_MIN + 1);
            java.util.Arrays.fill(strokeMean, light);
            backMean = rgb;
            strokeSigma = 0;
            backSigma = (float) TEXTURE_SIGMA;
        }
        int bits = 0;
        for (int p = 0; p < Pixels.PIXELS; p++) {
            int g = grey[greyOffset + p] & 0xff;
            int o = offset + p * 3;
            for (int c = 0; c < 3; c++) {
                if (bits == 0) {
                    state ^= state << 13;
                    state ^= state >>> 7;
                    state ^= state << 17;
                    bits = 4;
                }
                // One 16-bit draw per value: the stroke's where the stroke dominates, else the background's.
                float z = GAUSSIAN[(int) (state >>> (16 * --bits)) & 0xffff];
                float stroke = clamp(strokeMean[c] + strokeSigma * z);
                float back = clamp(backMean[c] + backSigma * z);
                out[o + c] = (byte) (int) ((g * stroke + (255 - g) * back) / 255f + 0.5f);
            }
        }
    }

    private static float clamp(float v) {
        return v < 0 ? 0 : Math.min(v, 255);
    }

    /** SplitMix64 finaliser: turns a sample seed into a well-mixed non-zero xorshift state. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        z = z ^ (z >>> 31);
        return z == 0 ? 0x9e3779b97f4a7c15L : z;
    }

    private static float[] gaussianTable() {
        Random random = new Random(0x1a2b3c4dL);
        float[] table = new float[1 << TABLE_BITS];
        for (int i = 0; i < table.length; i++) {
            table[i] = (float) random.nextGaussian();
        }
        return table;
    }
}
