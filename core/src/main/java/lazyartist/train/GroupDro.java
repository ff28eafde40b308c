package lazyartist.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import lazyartist.data.Palette;

/**
 * Group DRO (Sagawa et al., ICLR 2020), bias-aware: the loss is a weighted sum of the batch's
 * per-group mean losses, groups being (digit, colour); the weights q move online toward the groups
 * that lose most, q_g ← q_g · exp(η · loss_g), renormalised every step (the authors' online
 * algorithm with its step size η; without their group-size adjustment).
 */
public final class GroupDro implements Objective {

    /** The authors' default step size of the group weights. */
    public static final double DEFAULT_STEP_SIZE = 0.01;
    static final int GROUPS = 10 * Palette.SIZE;

    private final double stepSize;
    private final double[] weights = new double[GROUPS];

    public GroupDro(double stepSize) {
        this.stepSize = stepSize;
        Arrays.fill(weights, 1.0 / GROUPS);
    }

    @Override
    public String name() {
        return "group-dro";
    }

    @Override
    public Map<String, Object> options() {
        return Map.of("stepSize", stepSize);
    }

    @Override
    public Step step(Batch batch) {
        NDArray logits = batch.logits(batch.images());
        NDArray ce = CrossEntropy.perSample(logits, batch.labels());
        NDArray groups = batch.labels().mul(Palette.SIZE).add(batch.colours());
        NDArray members = groups.oneHot(GROUPS).toType(DataType.FLOAT32, false);
        NDArray counts = members.sum(new int[] {0}).maximum(1f);
        NDArray groupLoss = ce.reshape(1, -1).matMul(members).reshape(-1).div(counts);
        update(groupLoss.stopGradient().toFloatArray());
        float[] q = new float[GROUPS];
        for (int g = 0; g < GROUPS; g++) {
            q[g] = (float) weights[g];
        }
        NDArray loss = groupLoss.mul(batch.images().getManager().create(q)).sum();
        Map<String, NDArray> terms = new LinkedHashMap<>();
        terms.put("ce", ce.mean());
        terms.put("worst", groupLoss.max());
        return new Step(loss, logits, terms);
    }

    /** One step of the group weights from the batch's per-group losses (0 for groups not in the batch). */
    void update(float[] groupLoss) {
        double sum = 0;
        for (int g = 0; g < GROUPS; g++) {
            weights[g] *= Math.exp(stepSize * groupLoss[g]);
            sum += weights[g];
        }
        for (int g = 0; g < GROUPS; g++) {
            weights[g] /= sum;
        }
    }

    /** The current group weights, digit d in colour c at d · 10 + c. */
    double[] weights() {
        return weights.clone();
    }

    @Override
    public boolean resumable() {
        return false;
    }
}
