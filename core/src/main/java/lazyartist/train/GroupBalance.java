package lazyartist.train;

import ai.djl.ndarray.NDArray;
import java.util.LinkedHashMap;
import java.util.Map;
import lazyartist.LabException;
import lazyartist.data.ColoredSplit;
import lazyartist.data.Palette;

/**
 * Bias-aware reweighting: cross-entropy in which every (digit, colour) group of the training split
 * weighs the same in total, so that in the weighted data colour says nothing about the digit.
 * Sample weights average 1 over the split; the rare colour-conflicting digits weigh most.
 */
public final class GroupBalance implements Objective {

    private static final int GROUPS = 10 * Palette.SIZE;

    /** Weight of a sample of digit d in colour c, at d * 10 + c. */
    private final float[] weights;

    public GroupBalance(ColoredSplit train) {
        this.weights = weights(train.labels(), train.colours());
    }

    static float[] weights(int[] labels, int[] colours) {
        int[] counts = new int[GROUPS];
        for (int i = 0; i < labels.length; i++) {
            counts[labels[i] * Palette.SIZE + colours[i]]++;
        }
        long present = java.util.Arrays.stream(counts).filter(c -> c > 0).count();
        if (present == 0) {
            throw new LabException("group balancing needs a non-empty training split");
        }
        float[] out = new float[GROUPS];
        for (int g = 0; g < GROUPS; g++) {
            out[g] = counts[g] == 0 ? 0 : (float) (labels.length / (present * (double) counts[g]));
        }
        return out;
    }

    @Override
    public String name() {
        return "group-balance";
    }

    @Override
    public Map<String, Object> options() {
        return Map.of();
    }

    @Override
    public Step step(Batch batch) {
        NDArray logits = batch.logits(batch.images());
        NDArray groups = batch.labels().mul(Palette.SIZE).add(batch.colours());
        NDArray w = batch.images().getManager().create(weights).take(groups);
        NDArray ce = CrossEntropy.perSample(logits, batch.labels());
        NDArray loss = ce.mul(w).mean();
        Map<String, NDArray> terms = new LinkedHashMap<>();
        terms.put("ce", ce.mean());
        terms.put("weighted", loss);
        return new Step(loss, logits, terms);
    }
}
