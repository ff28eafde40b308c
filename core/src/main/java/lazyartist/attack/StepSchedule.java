package lazyartist.attack;

/**
 * APGD's step size (Croce and Hein, 2020): it starts at 2ε and, at each checkpoint, halves for the
 * images whose loss stalled — it rose in at most ρ = 75% of the steps since the last checkpoint, or
 * the step was not halved at the last checkpoint and the best loss has not improved since. The first
 * checkpoint comes after 22% of the steps; the gaps between checkpoints then shrink by 3% of the
 * steps down to 6%.
 */
final class StepSchedule {

    static final double RHO = 0.75;

    private final int minGap;
    private final int shrink;
    private final float[] step;
    private final float[] previousLoss;
    private final int[] rises;
    private final boolean[] halvedLastTime;
    private final float[] bestAtLastCheck;
    private int gap;
    private int sinceCheck;

    /**
     * @param steps the attack's number of steps
     * @param startStep each image's first step size (2ε)
     * @param startLoss each image's loss at its starting point
     */
    StepSchedule(int steps, float[] startStep, float[] startLoss) {
        this.gap = Math.max((int) (0.22 * steps), 1);
        this.minGap = Math.max((int) (0.06 * steps), 1);
        this.shrink = Math.max((int) (0.03 * steps), 1);
        int n = startStep.length;
        this.step = startStep.clone();
        this.previousLoss = startLoss.clone();
        this.rises = new int[n];
        this.halvedLastTime = new boolean[n];
        java.util.Arrays.fill(halvedLastTime, true);
        this.bestAtLastCheck = startLoss.clone();
    }

    float[] steps() {
        return step;
    }

    /**
     * Records each image's loss after a step and its best loss so far; at a checkpoint returns the
     * images whose step halved (they go back to their best point), else null.
     */
    boolean[] record(float[] loss, float[] best) {
        for (int i = 0; i < loss.length; i++) {
            rises[i] += loss[i] > previousLoss[i] ? 1 : 0;
            previousLoss[i] = loss[i];
        }
        if (++sinceCheck < gap) {
            return null;
        }
        boolean[] halve = new boolean[loss.length];
        for (int i = 0; i < loss.length; i++) {
            boolean oscillating = rises[i] <= gap * RHO;
            boolean stuck = !halvedLastTime[i] && bestAtLastCheck[i] >= best[i];
            halve[i] = oscillating || stuck;
            halvedLastTime[i] = halve[i];
            bestAtLastCheck[i] = best[i];
            rises[i] = 0;
            if (halve[i]) {
                step[i] /= 2;
            }
        }
        sinceCheck = 0;
        gap = Math.max(gap - shrink, minGap);
        return halve;
    }
}
