package lazyartist.attack;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Arrays;
import java.util.stream.IntStream;
import lazyartist.data.ColoredSplit;
import lazyartist.data.Pixels;
import lazyartist.data.SplitDataset;
import lazyartist.data.Staging;
import lazyartist.model.InputGradient;
import lazyartist.model.TappedNetwork;

/**
 * A universal perturbation: one pattern δ (‖δ‖∞ ≤ ε, the same for every image) that should turn
 * every {@code from} digit into {@code to}. Fitted by batched PGD on δ over the {@code from} digits of
 * the training split; scored on the {@code from} digits of the validation split, which it never saw.
 *
 * @param delta the perturbation, float32 28×28×3 (HWC, like the images), in [−ε, ε]
 * @param fitImages training digits δ was fitted on
 * @param heldOutSuccess share of the held-out digits (read right when clean) fooled, judged on uint8 images
 */
public record Universal(double epsilon, float[] delta, int fitImages, int heldOutImages, double heldOutSuccess,
        double meanTargetConfidence, double seconds) {

    /** Passes over the fitting digits. */
    static final int EPOCHS = 3;
    /** At most this many training digits are fitted on. */
    static final int MAX_FIT = 1000;

    public static Universal fit(TappedNetwork net, ColoredSplit train, Targets heldOut, int from, int to,
            double epsilon, Settings settings) {
        Norm.LINF.check(epsilon);
        if (train.name().equals(heldOut.split())) {
            throw new lazyartist.LabException("a universal perturbation is scored on digits it was not fitted on: fit"
                    + " it on " + train.name() + " and score it on another split");
        }
        long start = System.nanoTime();
        int[] fitOn = IntStream.range(0, train.size()).filter(i -> train.labels()[i] == from).limit(MAX_FIT).toArray();
        float eps = (float) epsilon;
        float step = eps / 10;
        double kappa = settings.kappa();
        float[] delta = new float[Pixels.VALUES];
        try (NDManager manager = NDManager.newBaseManager()) {
            for (int epoch = 0; epoch < EPOCHS; epoch++) {
                int[] order = SplitDataset.permutation(fitOn.length, settings.seed() + epoch);
                for (int b = 0; b < fitOn.length; b += SavedImages.BATCH) {
                    int[] batch = IntStream.range(b, Math.min(fitOn.length, b + SavedImages.BATCH)).map(i -> fitOn[order[i]])
                            .toArray();
                    try (NDManager scope = manager.newSubManager()) {
                        NDArray x = SplitDataset.images(scope, train, batch);
                        NDArray d = Staging.floats(scope, delta, Pixels.batch(1));
                        NDArray moved = x.add(d).clip(0, 1);
                        long[] targets = new long[batch.length];
                        Arrays.fill(targets, to);
                        long[] labels = new long[batch.length];
                        Arrays.fill(labels, from);
                        Goal goal = new Goal(moved, scope.create(labels), scope.create(targets), null, null);
                        NDArray g = InputGradient.of(net, moved, z -> settings.loss().objective(z, goal, kappa).sum())
                                .gradient().sum(new int[] {0});
                        float[] sign = g.sign().toFloatArray();
                        for (int i = 0; i < delta.length; i++) {
                            delta[i] = Math.max(-eps, Math.min(eps, delta[i] + step * sign[i]));
                        }
                    }
                }
            }
        }
        float[] hwc = Pixels.hwc(delta);
        int[] targets = new int[heldOut.size()];
        Arrays.fill(targets, to);
        int limit = Math.round(eps * 255);
        byte[] adversarial = new byte[heldOut.clean().length];
        for (int k = 0; k < adversarial.length; k++) {
            int change = Math.max(-limit, Math.min(limit, Math.round(hwc[k % hwc.length] * 255)));
            adversarial[k] = (byte) Pixels.clampByte((heldOut.clean()[k] & 0xff) + change);
        }
        Outcome o = SavedImages.judge(net, "universal", Norm.LINF, epsilon, heldOut, targets, true, adversarial,
                settings.confidence(), 0);
        return new Universal(epsilon, hwc, fitOn.length, heldOut.size(), o.successRate(), o.meanTargetConfidence(),
                (System.nanoTime() - start) / 1e9);
    }
}
