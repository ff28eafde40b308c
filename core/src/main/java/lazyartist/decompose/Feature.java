package lazyartist.decompose;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import lazyartist.data.ColoredSplit;
import lazyartist.data.Purity;
import lazyartist.data.Staging;

/**
 * One feature of a dictionary and what it is: its top-activating hard digits with their colour and
 * digit purity ({@link Purity}, the rule probing uses), how often it fires, and its logit effect —
 * its decoder direction pushed through the rest of the network.
 *
 * @param label colour, shape, mixed, or dead (never active on the validation split)
 * @param density share of validation tokens it is active on
 * @param meanActivation its mean value where active on the validation split
 * @param top its top-activating hard digits (at most {@link #TOP}; only digits it fires on)
 * @param logitEffect per digit, the change of the logits when it fires at its mean value
 */
public record Feature(int index, String label, double density, double meanActivation, int[] top,
        double colourPurity, int commonColour, double digitPurity, int commonDigit, float[] logitEffect) {

    /** Top-activating digits kept per feature, as probing keeps per channel. */
    public static final int TOP = 16;
    public static final String DEAD = "dead";

    /** The digit whose logit it raises most. */
    public int promotes() {
        int best = 0;
        for (int d = 1; d < logitEffect.length; d++) {
            if (logitEffect[d] > logitEffect[best]) {
                best = d;
            }
        }
        return best;
    }

    /** Reads every feature from a validation pass (density) and a hard pass (top digits). */
    static List<Feature> label(Stage stage, SparseAutoencoder sae, SaePass.Result val, SaePass.Result hard,
            ColoredSplit hardSplit) {
        int dSae = sae.dSae();
        float[] effects = logitEffects(stage, sae, val);
        List<Feature> out = new ArrayList<>();
        for (int i = 0; i < dSae; i++) {
            double density = val.firing()[i] / (double) val.tokens();
            double mean = val.firing()[i] == 0 ? 0 : val.activeSum()[i] / val.firing()[i];
            float[] effect = java.util.Arrays.copyOfRange(effects, i * 10, i * 10 + 10);
            int index = i;
            int[] top = java.util.Arrays.stream(Purity.topSamples(hard.imageActivation(), dSae, i, TOP))
                    .filter(s -> hard.imageActivation()[s * dSae + index] > 0).toArray();
            if (val.firing()[i] == 0) {
                out.add(new Feature(i, DEAD, 0, 0, top, 0, 0, 0, 0, effect));
                continue;
            }
            Purity p = top.length == 0 ? new Purity(0, 0, 0, 0, "mixed") : Purity.of(hardSplit, top);
            out.add(new Feature(i, p.label(), density, mean, top, p.colour(), p.commonColour(), p.digit(),
                    p.commonDigit(), effect));
        }
        return out;
    }

    /**
     * Per feature (row-major features × 10): logits(b_dec + a·d) − logits(b_dec), the feature's
     * decoder row d at its mean validation activation a added to the decoder bias in every token.
     */
    private static float[] logitEffects(Stage stage, SparseAutoencoder sae, SaePass.Result val) {
        int dSae = sae.dSae();
        int per = stage.perImage();
        float[] out = new float[dSae * 10];
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray bias = sae.decode(manager.zeros(new ai.djl.ndarray.types.Shape(1, dSae)));
            NDArray base = stage.logitsFrom(bias.repeat(0, per), 1);
            for (int from = 0; from < dSae; from += Stage.BATCH) {
                int m = Math.min(Stage.BATCH, dSae - from);
                float[] amounts = new float[m * dSae];
                for (int r = 0; r < m; r++) {
                    int f = from + r;
                    amounts[r * dSae + f] = val.firing()[f] == 0 ? 0 : (float) (val.activeSum()[f] / val.firing()[f]);
                }
                try (NDManager scope = manager.newSubManager()) {
                    NDArray tokens = sae.decode(Staging.floats(scope, amounts, new ai.djl.ndarray.types.Shape(m, dSae)))
                            .repeat(0, per);
                    float[] effect = stage.logitsFrom(tokens, m).sub(base).toFloatArray();
                    System.arraycopy(effect, 0, out, from * 10, effect.length);
                }
            }
        }
        return out;
    }
}
