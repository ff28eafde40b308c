package lazyartist.data;

/** Plain-array helpers for attribution maps: upsampling, blurring, normalising. */
public final class Maps {

    private Maps() {}

    /**
     * Bilinear resize of {@code n} maps of h×w to H×W, with PyTorch's {@code align_corners=False}
     * convention (pixel centres aligned).
     */
    public static float[] upsample(float[] maps, int n, int h, int w, int outH, int outW) {
        // The source rows, columns and weights depend only on the output position: found once, not per map.
        Axis rows = new Axis(h, outH);
        Axis cols = new Axis(w, outW);
        float[] out = new float[n * outH * outW];
        for (int i = 0; i < n; i++) {
            int src = i * h * w;
            int dst = i * outH * outW;
            for (int y = 0; y < outH; y++) {
                int top = src + rows.low[y] * w;
                int bottom = src + rows.high[y] * w;
                float dy = rows.weight[y];
                for (int x = 0; x < outW; x++) {
                    int x0 = cols.low[x];
                    int x1 = cols.high[x];
                    float dx = cols.weight[x];
                    float t = maps[top + x0] + (maps[top + x1] - maps[top + x0]) * dx;
                    float b = maps[bottom + x0] + (maps[bottom + x1] - maps[bottom + x0]) * dx;
                    out[dst + y * outW + x] = t + (b - t) * dy;
                }
            }
        }
        return out;
    }

    /** For each output position along one axis: the two source positions and the second one's weight. */
    private static final class Axis {
        final int[] low;
        final int[] high;
        final float[] weight;

        Axis(int in, int out) {
            low = new int[out];
            high = new int[out];
            weight = new float[out];
            float scale = in / (float) out;
            for (int o = 0; o < out; o++) {
                float f = Math.max(0, (o + 0.5f) * scale - 0.5f);
                low[o] = Math.min((int) f, in - 1);
                high[o] = Math.min(low[o] + 1, in - 1);
                weight[o] = f - low[o];
            }
        }
    }

    /** Gaussian blur of N×C×H×W images, per channel, with edges clamped. */
    public static float[] blur(float[] images, int n, int c, int h, int w, double sigma) {
        int radius = (int) Math.ceil(3 * sigma);
        float[] kernel = new float[2 * radius + 1];
        float sum = 0;
        for (int k = -radius; k <= radius; k++) {
            kernel[k + radius] = (float) Math.exp(-k * k / (2 * sigma * sigma));
            sum += kernel[k + radius];
        }
        for (int k = 0; k < kernel.length; k++) {
            kernel[k] /= sum;
        }
        float[] tmp = new float[images.length];
        float[] out = new float[images.length];
        for (int plane = 0; plane < n * c; plane++) {
            int base = plane * h * w;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    float acc = 0;
                    for (int k = -radius; k <= radius; k++) {
                        int xx = Math.min(w - 1, Math.max(0, x + k));
                        acc += kernel[k + radius] * images[base + y * w + xx];
                    }
                    tmp[base + y * w + x] = acc;
                }
            }
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    float acc = 0;
                    for (int k = -radius; k <= radius; k++) {
                        int yy = Math.min(h - 1, Math.max(0, y + k));
                        acc += kernel[k + radius] * tmp[base + yy * w + x];
                    }
                    out[base + y * w + x] = acc;
                }
            }
        }
        return out;
    }
}
