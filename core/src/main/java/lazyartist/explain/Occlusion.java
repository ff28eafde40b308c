package lazyartist.explain;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import lazyartist.OptionException;
import lazyartist.data.Pixels;
import lazyartist.data.Staging;
import lazyartist.model.NetworkFamily;
import lazyartist.model.Predictions;

/**
 * Occlusion (Zeiler and Fergus, 2014): a patch slides over the image, painted with the blurred,
 * desaturated baseline that deletion uses ({@link Deletion#baseline}); each pixel's value is the
 * mean drop of the class score over the patches that cover it. No gradients.
 */
public final class Occlusion implements FamilyMethod {

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

    /** Every choice of classes from the same occluded passes: each pass scores all ten classes of every member. */
    @Override
    public List<List<float[]>> attribute(NetworkFamily family, NDArray images, List<int[]> choices) {
        int n = Math.toIntExact(images.getShape().get(0));
        int members = family.members().size();
        float[] x = images.toFloatArray();
        float[] baseline = Deletion.baseline(x, n);
        List<float[]> clean = scores(family, images.getManager(), x, n);
        List<int[]> patches = new ArrayList<>();
        for (int y : corners()) {
            for (int xx : corners()) {
                patches.add(new int[] {y, xx});
            }
        }
        double[][][] sums = new double[members][choices.size()][n * Pixels.PIXELS];
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
            List<float[]> scored = scores(family, images.getManager(), occluded, group.size() * n);
            for (int g = 0; g < group.size(); g++) {
                int[] p = group.get(g);
                for (int m = 0; m < members; m++) {
                    add(sums[m], clean.get(m), scored.get(m), g, n, p, choices);
                }
                for (int y = p[0]; y < p[0] + patch; y++) {
                    for (int xx = p[1]; xx < p[1] + patch; xx++) {
                        count[y * Pixels.SIDE + xx]++;
                    }
                }
            }
        }
        List<List<float[]>> out = new ArrayList<>();
        for (double[][] member : sums) {
            List<float[]> maps = new ArrayList<>();
            for (double[] sum : member) {
                float[] map = new float[sum.length];
                for (int k = 0; k < map.length; k++) {
                    int c = count[k % Pixels.PIXELS];
                    map[k] = c == 0 ? 0 : (float) (sum[k] / c);
                }
                maps.add(map);
            }
            out.add(maps);
        }
        return out;
    }

    /** Adds the drop of each image's class score under patch {@code p} (the pass's g-th) to the pixels it covers. */
    private void add(double[][] sums, float[] clean, float[] scored, int g, int n, int[] p, List<int[]> choices) {
        for (int c = 0; c < choices.size(); c++) {
            int[] classes = choices.get(c);
            for (int i = 0; i < n; i++) {
                double drop = clean[i * Predictions.CLASSES + classes[i]]
                        - scored[(g * n + i) * Predictions.CLASSES + classes[i]];
                for (int y = p[0]; y < p[0] + patch; y++) {
                    for (int xx = p[1]; xx < p[1] + patch; xx++) {
                        sums[c][i * Pixels.PIXELS + y * Pixels.SIDE + xx] += drop;
                    }
                }
            }
        }
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

    /** Per member, the score of every class (row-major count×10) of {@code count} images. */
    private List<float[]> scores(NetworkFamily family, NDManager parent, float[] images, int count) {
        try (NDManager m = parent.newSubManager()) {
            NDArray x = Staging.floats(m, images, Pixels.batch(count));
            List<float[]> out = new ArrayList<>();
            for (NDArray logits : family.logits(new ParameterStore(m, false), x)) {
                out.add((score == Score.PROBABILITY ? logits.softmax(1) : logits).toFloatArray());
            }
            return out;
        }
    }
}
