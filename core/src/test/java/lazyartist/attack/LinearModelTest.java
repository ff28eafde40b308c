package lazyartist.attack;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import lazyartist.data.ColoredSplit;
import lazyartist.data.Pixels;
import lazyartist.model.Layer;
import lazyartist.model.TappedNetwork;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Attacks against closed forms on linear models z = Wx + b whose class 7 leads class 3 by a gap and
 * whose other classes lie far below: the smallest change that makes 3 win is gap / ‖w₃ − w₇‖₁ in L∞
 * (along the sign of the difference) and gap / ‖w₃ − w₇‖₂ in L2.
 */
class LinearModelTest {

    private static final int N = 8;
    private static NDManager manager;

    @BeforeAll
    static void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    /**
     * A linear model; {@code smooth}: w₃ − w₇ has one sign per channel, the colour reader's pattern
     * a random search of square windows can find.
     */
    private static float[][] weights(boolean smooth, long seed) {
        Random random = new Random(seed);
        float[] w = new float[10 * Pixels.VALUES];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) random.nextGaussian() * 0.01f;
        }
        if (smooth) {
            for (int c = 0; c < Pixels.CHANNELS; c++) {
                float sign = c == 1 ? -1 : 1;
                for (int p = 0; p < Pixels.PIXELS; p++) {
                    int k = c * Pixels.PIXELS + p;
                    w[3 * Pixels.VALUES + k] = w[7 * Pixels.VALUES + k] + sign * (0.01f + 0.01f * random.nextFloat());
                }
            }
        }
        float[] b = new float[10];
        Arrays.fill(b, -100f);
        b[7] = 0;
        b[3] = 0;
        return new float[][] {w, b};
    }

    private static TappedNetwork linear(float[][] wb, boolean quantised) {
        List<Layer> layers = new ArrayList<>();
        if (quantised) {
            layers.add(Layer.quantise("quantise", 8));
        }
        layers.add(Layer.flatten("flatten"));
        layers.add(Layer.linear("fc", Pixels.VALUES, 10));
        TappedNetwork net = new TappedNetwork(layers);
        net.initialize(manager, DataType.FLOAT32, Pixels.batch(1));
        net.stage("fc").getParameters().get("weight").getArray().set(wb[0]);
        net.stage("fc").getParameters().get("bias").getArray().set(wb[1]);
        return net;
    }

    /** Images whose values lie in [0.3, 0.7] (on quantisation levels when asked) and which the model reads as 7. */
    private static float[] images(float[][] wb, long seed, double gap, boolean onLevels) {
        Random random = new Random(seed);
        float[] x = new float[N * Pixels.VALUES];
        for (int i = 0; i < x.length; i++) {
            float v = 0.3f + 0.4f * random.nextFloat();
            x[i] = onLevels ? Math.round(v * 8) / 8f : Math.round(v * 255) / 255f;
        }
        // Bias 7 so that each image leads by the same gap (a single bias for all: use the first image's).
        double z3 = dot(wb[0], 3, x, 0);
        double z7 = dot(wb[0], 7, x, 0);
        wb[1][7] = (float) (z3 - z7 + gap);
        return x;
    }

    private static double dot(float[] w, int cls, float[] x, int image) {
        double s = 0;
        for (int k = 0; k < Pixels.VALUES; k++) {
            s += w[cls * Pixels.VALUES + k] * x[image * Pixels.VALUES + k];
        }
        return s;
    }

    /** Each image's smallest change that makes 3 win, in a norm. */
    private static double[] minimal(float[][] wb, float[] x, Norm norm) {
        double[] out = new double[N];
        for (int i = 0; i < N; i++) {
            double gap = dot(wb[0], 7, x, i) + wb[1][7] - dot(wb[0], 3, x, i) - wb[1][3];
            double size = 0;
            for (int k = 0; k < Pixels.VALUES; k++) {
                double d = wb[0][3 * Pixels.VALUES + k] - wb[0][7 * Pixels.VALUES + k];
                size += norm == Norm.LINF ? Math.abs(d) : d * d;
            }
            out[i] = gap / (norm == Norm.LINF ? size : Math.sqrt(size));
        }
        return out;
    }

    private static Goal goal(float[] x, double[] epsilon) {
        long[] labels = new long[N];
        Arrays.fill(labels, 7);
        long[] targets = new long[N];
        Arrays.fill(targets, 3);
        float[] e = new float[N];
        for (int i = 0; i < N; i++) {
            e[i] = (float) epsilon[i];
        }
        return new Goal(manager.create(x, Pixels.batch(N)), manager.create(labels), manager.create(targets),
                manager.create(e), IntStream.range(0, N).asLongStream().toArray());
    }

    private static int[] predicted(TappedNetwork net, NDArray images) {
        return lazyartist.model.Predictions.of(net, images).predicted();
    }

    private static double[] times(double[] v, double factor) {
        return Arrays.stream(v).map(e -> e * factor).toArray();
    }

    /** Targeted APGD-DLR lands within 2% of the closed-form minimal L∞ change: it wins at 1.02 ×, not at 0.98 ×. */
    @Test
    void targetedApgdDlrReachesTheClosedFormMinimalLinfChange() {
        float[][] wb = weights(false, 5);
        float[] x = images(wb, 6, 1.0, false);
        TappedNetwork net = linear(wb, false);
        double[] minimal = minimal(wb, x, Norm.LINF);
        assertThat(Arrays.stream(minimal).boxed().toList()).allSatisfy(e -> assertThat(e).isBetween(0.001, 0.2));
        Settings s = Settings.DEFAULTS.withConfidence(0).withSteps(50);
        Attack apgd = Attack.of("apgd-dlr");
        assertThat(predicted(net, apgd.run(net, goal(x, times(minimal, 1.02)), s))).containsOnly(3);
        assertThat(predicted(net, apgd.run(net, goal(x, times(minimal, 0.98)), s))).containsOnly(7);
    }

    /** Targeted DeepFool's first step is the closed-form minimal change in either norm, with its 2% overshoot. */
    @Test
    void targetedDeepFoolTakesTheClosedFormMinimalStepInEitherNorm() {
        float[][] wb = weights(false, 5);
        float[] x = images(wb, 6, 1.0, false);
        TappedNetwork net = linear(wb, false);
        for (Norm norm : Norm.values()) {
            double[] minimal = minimal(wb, x, norm);
            double[] wide = new double[N];
            Arrays.fill(wide, norm.largest());
            Goal g = goal(x, wide);
            NDArray adv = Attack.of("deepfool").run(net, g, Settings.DEFAULTS.withConfidence(0).withSteps(1)
                    .withNorm(norm));
            float[] size = norm.size(adv.sub(g.images())).toFloatArray();
            for (int i = 0; i < N; i++) {
                assertThat((double) size[i]).as("%s image %d", norm, i)
                        .isCloseTo(minimal[i] * (1 + DeepFool.OVERSHOOT), Percentage.withPercentage(1));
            }
            assertThat(predicted(net, adv)).containsOnly(3);
        }
    }

    /**
     * Square reads only probabilities: on a model whose input refuses to be differentiated it runs, stays in
     * the ε-ball and [0, 1] after rounding, and at 1.1 × the minimal L∞ change it fools every image.
     */
    @Test
    void squareNeverReadsAGradientAndFindsAColourShiftAtOnePointOneTimesTheMinimalChange() throws Exception {
        float[][] wb = weights(true, 9);
        float[] x = images(wb, 10, 0.5, false);
        TappedNetwork net = linear(wb, false);
        refuseGradients(net);
        double[] minimal = minimal(wb, x, Norm.LINF);
        Settings s = Settings.DEFAULTS.withConfidence(0).withQueries(2000);
        NDArray adv = Attack.of("square").run(net, goal(x, times(minimal, 1.1)), s);
        assertThat(predicted(net, adv)).containsOnly(3);
        double epsilon = Arrays.stream(minimal).max().orElseThrow() * 1.1;
        Targets t = Targets.of(Pixels.bytes(x), sevens());
        Outcome o = SavedImages.run(net, t, 3, epsilon, Attack.of("square"), s);
        int limit = Math.round((float) epsilon * 255);
        for (int k = 0; k < t.clean().length; k++) {
            assertThat(Math.abs((o.adversarial()[k] & 0xff) - (t.clean()[k] & 0xff))).isLessThanOrEqualTo(limit);
        }
        // A gradient attack on the same model hits the refusal.
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SavedImages.run(net, t, 3, epsilon,
                Attack.of("apgd-ce"), s)).hasMessageContaining("gradient");
    }

    /**
     * A model that rounds its input has a zero input gradient: the gradient attacks cannot move, the
     * black box can. The flags say so, and its curves keep the black box; the same model without the
     * rounding raises none, and its curves run the white-box half of the suite.
     */
    @Test
    void maskedGradientsRaiseTheZeroGradientAndBlackBoxFlagsAPlainModelNone() {
        for (boolean quantised : new boolean[] {true, false}) {
            float[][] wb = weights(true, 11);
            float[] x = images(wb, 12, 0.5, true);
            TappedNetwork net = linear(wb, quantised);
            // Past half a quantisation level (1/16) a change moves the rounded input; far past the minimal change.
            double epsilon = 0.08;
            assertThat(Arrays.stream(minimal(wb, x, Norm.LINF)).max().orElseThrow()).isLessThan(epsilon / 4);
            ColoredSplit split = new ColoredSplit("val", Pixels.bytes(x), sevens(), new int[N], new byte[N * Pixels.PIXELS]);
            Settings s = Settings.DEFAULTS.withConfidence(0).withSteps(20).withQueries(2000);
            Cloak.Plan plan = new Cloak.Plan(new Cloak.Options(7, 3, epsilon, 1.0, s, N),
                    List.of(Attack.of("pgd"), Attack.of("apgd-ce"), Attack.of("apgd-dlr"), Attack.of("square")),
                    List.of(Norm.LINF), Suite.of("reliable"), List.of(epsilon / 4, epsilon / 2, epsilon), List.of(),
                    false, N, 2000, 0, List.of(), false, 1);
            Cloak.Result r = Cloak.run(net, split, split, plan);
            List<String> flags = r.flags().stream().map(MaskingFlags.Flag::name).toList();
            if (quantised) {
                assertThat(flags).contains("zero-gradient", "black-box-beats-white-box");
                assertThat(r.flags().get(0).images()).hasSize(N);
                assertThat(r.in(Norm.LINF).curveSuite()).as("Square added at ε: the curves keep it")
                        .containsExactly("apgd-ce", "apgd-dlr", "square");
            } else {
                assertThat(r.in(Norm.LINF).curveSuite()).as("Square added nothing at ε: white-box curves")
                        .containsExactly("apgd-ce", "apgd-dlr");
                assertThat(flags).as("flags of the plain model: %s", r.flags()).isEmpty();
                assertThat(r.in(Norm.LINF).outcomes().get(1).successRate()).as("APGD-CE on the plain model")
                        .isEqualTo(1.0);
            }
        }
    }

    private static int[] sevens() {
        int[] labels = new int[N];
        Arrays.fill(labels, 7);
        return labels;
    }

    /** Puts in front of the network a stage that fails whenever its input is to be differentiated. */
    private static void refuseGradients(TappedNetwork net) throws Exception {
        java.lang.reflect.Field field = TappedNetwork.class.getDeclaredField("stages");
        field.setAccessible(true);
        @SuppressWarnings("unchecked")
        List<Block> stages = (List<Block>) field.get(net);
        Block first = stages.get(0);
        stages.set(0, new AbstractBlock() {
            @Override
            protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                    PairList<String, Object> params) {
                if (inputs.head().hasGradient()) {
                    throw new IllegalStateException("this model refuses to give a gradient");
                }
                return first.forward(ps, inputs, training);
            }

            @Override
            public Shape[] getOutputShapes(Shape[] inputs) {
                return first.getOutputShapes(inputs);
            }
        });
    }
}
