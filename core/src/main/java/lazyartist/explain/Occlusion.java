package lazyartist.explain;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import lazyartist.OptionException;
import lazyartist.data.Pixels;
import lazyartist.data.Staging;
import lazyartist.model.Predictions;
import lazyartist.model.TappedNetwork;

/**
 * Occlusion (Zeiler and Fergus, 2014): a patch slides over the image, painted with the blurred,
 * desaturated baseline that deletion uses ({@link Deletion#baseline}); each pixel's value is the
 * mean drop of the class score over the patches that cover it. No gradients.
 */
public final class Occlusion implements AttributionMethod {

    /** What the drop is measured on: the class probability (the map's default), or the class logit. */
    public enum Score { PROBABILITY, LOGIT }

    /** Occluded images per forward pass: around 64, passes run fastest per image (larger ones page-fault). */
    private static final int BATCH = 64;

    private final int patch;
    private final int stride;
    private final Score score;

    public Occlusion(int patch, int stride, Score score) {
        if (patch < 1 || patch > Pixels.SIDE) {
            throw new OptionException("{patch} must be 1 to " + Pixels.SIDE + " pixels, got " + patch);
        }
        if (stride < 1) {
            throw new OptionException("{stride} must be at least 1 pixel, got " + stride);
        }
        this.patch = patch;
        this.stride = stride;
        this.score = score;
    }

    @Override
    public String name() {
        return "occlusion";
    }

    /** The patch's top-left corners along one side: every {@code stride}, and the last one flush with the edge. */
    List<Integer> corners() {
        List<Integer> out = new ArrayList<>();
        for (int c = 0; c + patch <= Pixels.SIDE; c += stride) {
            out.add(c);
        }
        if (out.get(out.size() - 1) + patch < Pixels.SIDE) {
            out.add(Pixels.SIDE - patch);
        }
        return out;
    }

    @Override
    public float[] attribute(TappedNetwork net, NDArray images, int[] classes) {
        int n = classes.length;
        float[] x = images.toFloatArray();
        float[] baseline = Deletion.baseline(x, n);
        float[] clean = scores(net, images.getManager(), x, n, classes, 1);
        List<int[]> patches = new ArrayList<>();
        for (int y : corners()) {
            for (int xx : corners()) {
                patches.add(new int[] {y, xx});
            }
        }
        double[] sum = new double[n * Pixels.PIXELS];
        int[] count = new int[Pixels.PIXELS];
        int perPass = Math.max(1, BATCH / n);
        for (int from = 0; from < patches.size(); from += perPass) {
            List<int[]> group = patches.subList(from, Math.min(patches.size(), from + perPass));
            float[] occluded = new float[group.size() * x.length];
            for (int g = 0; g < group.size(); g++) {
                System.arraycopy(x, 0, occluded, g * x.length, x.length);
                for (int i = 0; i < n; i++) {
                    paint(occluded, baseline, g * x.length + i * Pixels.VALUES, i * Pixels.VALUES, group.get(g));
                }
            }
            float[] s = scores(net, images.getManager(), occluded, n, classes, group.size());
            for (int g = 0; g < group.size(); g++) {
                int[] p = group.get(g);
                for (int i = 0; i < n; i++) {
                    double drop = clean[i] - s[g * n + i];
                    for (int y = p[0]; y < p[0] + patch; y++) {
                        for (int xx = p[1]; xx < p[1] + patch; xx++) {
                            sum[i * Pixels.PIXELS + y * Pixels.SIDE + xx] += drop;
                        }
                    }
                }
                for (int y = p[0]; y < p[0] + patch; y++) {
                    for (int xx = p[1]; xx < p[1] + patch; xx++) {
                        count[y * Pixels.SIDE + xx]++;
                    }
                }
            }
        }
        float[] map = new float[sum.length];
        for (int k = 0; k < map.length; k++) {
            int c = count[k % Pixels.PIXELS];
            map[k] = c == 0 ? 0 : (float) (sum[k] / c);
        }
        return map;
    }

    /** The patch painted with the baseline's values, in every channel. */
    private void paint(float[] images, float[] baseline, int at, int from, int[] corner) {
        for (int c = 0; c < Pixels.CHANNELS; c++) {
            for (int y = corner[0]; y < corner[0] + patch; y++) {
                for (int xx = corner[1]; xx < corner[1] + patch; xx++) {
                    int k = c * Pixels.PIXELS + y * Pixels.SIDE + xx;
                    images[at + k] = baseline[from + k];
                }
            }
        }
    }

    /** The class score of {@code copies} × n images (copy-major), each image i scored for {@code classes[i]}. */
    private float[] scores(TappedNetwork net, NDManager parent, float[] images, int n, int[] classes, int copies) {
        float[] out = new float[copies * n];
        try (NDManager m = parent.newSubManager()) {
            NDArray x = Staging.floats(m, images, Pixels.batch((long) copies * n));
            NDArray logits = net.logits(new ParameterStore(m, false), x, false);
            float[] values = (score == Score.PROBABILITY ? logits.softmax(1) : logits).toFloatArray();
            for (int k = 0; k < copies * n; k++) {
                out[k] = values[k * Predictions.CLASSES + classes[k % n]];
            }
        }
        return out;
    }
}
