package lazyartist.explain;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import lazyartist.OptionException;
import lazyartist.data.Maps;
import lazyartist.data.Pixels;
import lazyartist.data.Staging;
import lazyartist.model.NetworkFamily;
import lazyartist.model.Predictions;
import lazyartist.model.TappedNetwork;

/**
 * Score-CAM (Wang et al., 2020): each activation map of the CAM stage, upsampled to 28×28 and
 * normalised to [0, 1], masks the input; its weight is the class's softmax probability on the masked
 * input. The map is the positive part of the weighted sum of the upsampled activation maps,
 * normalised to [0, 1]. No gradients.
 */
public final class ScoreCam implements FamilyMethod {

    /** Masked images per forward pass: around 64, passes run fastest per image (larger ones page-fault). */
    private static final int BATCH = 64;

    private final String stage;
    private final int channels;

    /** Score-CAM on every channel of the stage. */
    public ScoreCam(String stage) {
        this(stage, 0);
    }

    /**
     * Score-CAM on each image's {@code channels} channels of most activation (0: all of them), as Faster
     * Score-CAM does: a dropped channel c would add w_c·A_c with w_c ≤ 1, so the channels of least
     * activation change the map least.
     */
    public ScoreCam(String stage, int channels) {
        if (channels < 0) {
            throw new OptionException("{camChannels} must be ≥ 0 (0: every channel), got " + channels);
        }
        this.stage = stage;
        this.channels = channels;
    }

    @Override
    public String name() {
        return "scorecam";
    }

    /**
     * Every choice of classes from the same masked passes: each pass scores all ten classes of every member,
     * and members that agree up to the CAM stage share its masks and their passes' common stages.
     */
    @Override
    public List<List<float[]>> attribute(NetworkFamily family, NDArray images, List<int[]> choices) {
        int[] owners = family.ownersThrough(family.members().get(0).indexOf(stage));
        List<List<float[]>> out = new ArrayList<>(Collections.nCopies(owners.length, null));
        for (int owner : Arrays.stream(owners).distinct().toArray()) {
            List<Integer> group = IntStream.range(0, owners.length).filter(j -> owners[j] == owner).boxed().toList();
            List<List<float[]>> maps = sameMasks(family.subset(group), images, choices);
            for (int g = 0; g < group.size(); g++) {
                out.set(group.get(g), maps.get(g));
            }
        }
        return out;
    }

    /** The maps of members that agree up to the CAM stage: the first member's masks, every member's scores. */
    private List<List<float[]>> sameMasks(NetworkFamily family, NDArray images, List<int[]> choices) {
        TappedNetwork net = family.members().get(0);
        int members = family.members().size();
        int n = Math.toIntExact(images.getShape().get(0));
        float[] x = images.toFloatArray();
        float[] a;
        long[] shape;
        try (NDManager m = images.getManager().newSubManager()) {
            NDArray activation = net.forwardTo(new ParameterStore(m, false), images, stage, false);
            shape = activation.getShape().getShape();
            if (shape.length != 4) {
                throw new OptionException("stage '" + stage + "' gives " + activation.getShape()
                        + ", not feature maps: choose a convolutional stage ({layer})");
            }
            a = activation.toFloatArray();
        }
        int k = (int) shape[1];
        int h = (int) shape[2];
        int w = (int) shape[3];
        float[] up = Maps.upsample(a, n * k, h, w, Pixels.SIDE, Pixels.SIDE);
        float[] masks = up.clone();
        boolean[] kept = kept(a, n, k, h * w);
        // A constant activation map normalises to an all-zero mask: its masked image is black whatever the
        // digit, so one pass on a black image weighs every such pair (ReLU leaves many channels silent).
        List<int[]> lit = new ArrayList<>();
        List<int[]> dark = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < k; c++) {
                if (kept[i * k + c]) {
                    (normalise(masks, (i * k + c) * Pixels.PIXELS, Pixels.PIXELS) ? lit : dark).add(new int[] {i, c});
                }
            }
        }
        float[][][] weights = new float[members][choices.size()][n * k];
        if (!dark.isEmpty()) {
            List<float[]> black = probabilities(family, images.getManager(), new float[Pixels.VALUES], 1);
            for (int m = 0; m < members; m++) {
                for (int s = 0; s < choices.size(); s++) {
                    for (int[] pair : dark) {
                        weights[m][s][pair[0] * k + pair[1]] = black.get(m)[choices.get(s)[pair[0]]];
                    }
                }
            }
        }
        for (int from = 0; from < lit.size(); from += BATCH) {
            int to = Math.min(lit.size(), from + BATCH);
            float[] masked = new float[(to - from) * Pixels.VALUES];
            for (int j = from; j < to; j++) {
                int i = lit.get(j)[0];
                int mask = (i * k + lit.get(j)[1]) * Pixels.PIXELS;
                int base = (j - from) * Pixels.VALUES;
                for (int ch = 0; ch < Pixels.CHANNELS; ch++) {
                    for (int p = 0; p < Pixels.PIXELS; p++) {
                        masked[base + ch * Pixels.PIXELS + p] = x[i * Pixels.VALUES + ch * Pixels.PIXELS + p]
                                * masks[mask + p];
                    }
                }
            }
            List<float[]> p = probabilities(family, images.getManager(), masked, to - from);
            for (int m = 0; m < members; m++) {
                for (int j = from; j < to; j++) {
                    int i = lit.get(j)[0];
                    for (int s = 0; s < choices.size(); s++) {
                        weights[m][s][i * k + lit.get(j)[1]] =
                                p.get(m)[(j - from) * Predictions.CLASSES + choices.get(s)[i]];
                    }
                }
            }
        }
        List<List<float[]>> maps = new ArrayList<>();
        for (float[][] member : weights) {
            List<float[]> sets = new ArrayList<>();
            for (float[] choice : member) {
                sets.add(weightedMaps(choice, up, n, k));
            }
            maps.add(sets);
        }
        return maps;
    }

    /** Per image and channel, whether the channel is among the image's {@link #channels} of most activation. */
    private boolean[] kept(float[] a, int n, int k, int area) {
        boolean[] kept = new boolean[n * k];
        if (channels == 0 || channels >= k) {
            Arrays.fill(kept, true);
            return kept;
        }
        for (int i = 0; i < n; i++) {
            double[] mass = new double[k];
            for (int c = 0; c < k; c++) {
                for (int p = (i * k + c) * area; p < (i * k + c + 1) * area; p++) {
                    mass[c] += Math.abs(a[p]);
                }
            }
            Integer[] order = new Integer[k];
            for (int c = 0; c < k; c++) {
                order[c] = c;
            }
            // Ties (silent channels) go to the lower index: the choice is the same on every run.
            Arrays.sort(order, (x, y) -> mass[y] != mass[x] ? Double.compare(mass[y], mass[x]) : Integer.compare(x, y));
            for (int r = 0; r < channels; r++) {
                kept[i * k + order[r]] = true;
            }
        }
        return kept;
    }

    /** Per image, the positive part of Σ_c w_c · upsampled A_c, normalised to [0, 1]. */
    private static float[] weightedMaps(float[] weights, float[] up, int n, int k) {
        float[] map = new float[n * Pixels.PIXELS];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < k; c++) {
                float wc = weights[i * k + c];
                int src = (i * k + c) * Pixels.PIXELS;
                for (int p = 0; p < Pixels.PIXELS; p++) {
                    map[i * Pixels.PIXELS + p] += wc * up[src + p];
                }
            }
            for (int p = 0; p < Pixels.PIXELS; p++) {
                map[i * Pixels.PIXELS + p] = Math.max(0, map[i * Pixels.PIXELS + p]);
            }
            normalise(map, i * Pixels.PIXELS, Pixels.PIXELS);
        }
        return map;
    }

    /** Per member, the softmax probabilities (N×10) of {@code count} images. */
    private static List<float[]> probabilities(NetworkFamily family, NDManager parent, float[] images, int count) {
        try (NDManager m = parent.newSubManager()) {
            NDArray batch = Staging.floats(m, images, Pixels.batch(count));
            return family.logits(new ParameterStore(m, false), batch).stream()
                    .map(logits -> logits.softmax(1).toFloatArray()).toList();
        }
    }

    /**
     * Rescales {@code length} values from {@code from} to [0, 1] (all zero when they are all equal);
     * returns whether they varied.
     */
    static boolean normalise(float[] values, int from, int length) {
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (int j = from; j < from + length; j++) {
            min = Math.min(min, values[j]);
            max = Math.max(max, values[j]);
        }
        float range = max - min;
        for (int j = from; j < from + length; j++) {
            values[j] = range > 0 ? (values[j] - min) / range : 0;
        }
        return range > 0;
    }
}
