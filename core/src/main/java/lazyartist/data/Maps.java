package lazyartist.data;

/** Plain-array helpers for attribution maps: upsampling, blurring, normalising. */
public final class Maps {

    private Maps() {}

    /**
     * Bilinear resize of {@code n} maps of h×w to H×W, with PyTorch's {@code align_corners=False}
     * convention (pixel centres aligned).
     */
    public static float[] upsample(float[] maps, int n, int h, int w, int outH, int outW) {
        float[] out = new float[n * outH * outW];
        float sy = h / (float) outH;
        float sx = w / (float) outW;
        for (int i = 0; i < n; i++) {
            int src = i * h * w;
            int dst = i * outH * outW;
            for (int y = 0; y < outH; y++) {
                float fy = Math.max(0, (y + 0.5f) * sy - 0.5f);
                int y0 = Math.min((int) fy, h - 1);
                int y1 = Math.min(y0 + 1, h - 1);
                float dy = fy - y0;
                for (int x = 0; x < outW; x++) {
                    float fx = Math.max(0, (x + 0.5f) * sx - 0.5f);
                    int x0 = Math.min((int) fx, w - 1);
                    int x1 = Math.min(x0 + 1, w - 1);
                    float dx = fx - x0;
                    float top = maps[src + y0 * w + x0] * (1 - dx) + maps[src + y0 * w + x1] * dx;
                    float bottom = maps[src + y1 * w + x0] * (1 - dx) + maps[src + y1 * w + x1] * dx;
                    out[dst + y * outW + x] = top * (1 - dy) + bottom * dy;
                }
            }
        }
        return out;
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
