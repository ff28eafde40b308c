package lazyartist.explain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.List;
import lazyartist.TestData;
import lazyartist.data.ColoredDataset;
import lazyartist.data.Maps;
import lazyartist.data.Mode;
import lazyartist.data.SplitDataset;
import lazyartist.model.Layer;
import lazyartist.model.TappedNetwork;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AttributionTest {

    private static ColoredDataset data;
    private static NDManager manager;
    private static TappedNetwork lazy;

    @BeforeAll
    static void useTheSharedLazyModel() {
        data = TestData.dataset(Mode.BACKGROUND);
        lazy = TestData.trainedLazy();
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    private static NDArray hardImages(NDManager m, int... indices) {
        return SplitDataset.images(m, data.hard(), indices);
    }

    @Test
    void gradCamEqualsClassicCamOnAGlobalPoolingNetwork() {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(11);
            TappedNetwork net = new TappedNetwork(List.of(
                    Layer.conv("conv1", 3, 4, 3, 1, 1), Layer.relu("relu1"),
                    Layer.conv("conv2", 4, 5, 3, 2, 1), Layer.relu("relu2"),
                    Layer.globalAvgPool("avgpool"), Layer.linear("fc", 5, 10)));
            net.initialize(m, DataType.FLOAT32, new Shape(1, 3, 28, 28));
            NDArray x = hardImages(m, 0, 1, 2, 3);
            int[] classes = {0, 3, 7, 9};
            float[] gradCam = new GradCam("relu2").attribute(net, x, classes);

            float[] a = net.forwardTo(new ParameterStore(m, false), x, "relu2", false).toFloatArray();
            float[] w = net.stage("fc").getParameters().get("weight").getArray().toFloatArray();
            int k = 5;
            int hw = 14 * 14;
            float[] cam = new float[4 * hw];
            for (int i = 0; i < 4; i++) {
                for (int c = 0; c < k; c++) {
                    for (int p = 0; p < hw; p++) {
                        cam[i * hw + p] += w[classes[i] * k + c] * a[(i * k + c) * hw + p];
                    }
                }
            }
            for (int p = 0; p < cam.length; p++) {
                cam[p] = Math.max(0, cam[p]);
            }
            float[] classic = Maps.upsample(cam, 4, 14, 14, 28, 28);
            // Grad-CAM's weights are the fc weights divided by the pooled area.
            double total = 0;
            for (int p = 0; p < classic.length; p++) {
                assertThat((double) gradCam[p] * hw).isCloseTo(classic[p], within(1e-4 + 1e-4 * Math.abs(classic[p])));
                total += classic[p];
            }
            assertThat(total).isGreaterThan(0);
        }
    }

    @Test
    void integratedGradientsAreComplete() {
        try (NDManager m = NDManager.newBaseManager()) {
            int[] samples = {0, 5, 9, 14, 20, 33, 41, 57};
            NDArray x = hardImages(m, samples);
            int[] classes = {1, 2, 3, 4, 5, 6, 7, 8};
            for (IntegratedGradients.Baseline baseline : IntegratedGradients.Baseline.values()) {
                IntegratedGradients ig = new IntegratedGradients(baseline, 64);
                float[] maps = ig.attribute(lazy, x, classes);
                float[] b = ig.baseline(x.toFloatArray(), samples.length);
                float[] fx = lazy.logits(new ParameterStore(m, false), x, false).toFloatArray();
                float[] fb = lazy.logits(new ParameterStore(m, false), m.create(b, x.getShape()), false).toFloatArray();
                int checked = 0;
                for (int i = 0; i < samples.length; i++) {
                    double sum = 0;
                    for (int p = 0; p < 784; p++) {
                        sum += maps[i * 784 + p];
                    }
                    double delta = fx[i * 10 + classes[i]] - fb[i * 10 + classes[i]];
                    // A relative tolerance means little when the path barely changes the logit.
                    if (Math.abs(delta) > 0.5) {
                        assertThat(sum).as(baseline + " image " + i).isCloseTo(delta, within(0.02 * Math.abs(delta)));
                        checked++;
                    }
                }
                assertThat(checked).as(baseline + " images with a sizeable f(x) − f(baseline)").isGreaterThanOrEqualTo(3);
            }
        }
    }

    @Test
    void inputGradientsMatchCentralFiniteDifferences() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = hardImages(m, 3);
            int[] classes = {4};
            float[] g = InputGradients.of(lazy, x, classes);
            float[] base = x.toFloatArray();
            int checked = 0;
            for (int j = 0; j < base.length && checked < 5; j += 97) {
                if (Math.abs(g[j]) < 1e-2) {
                    continue;
                }
                float h = 1e-3f;
                float[] plus = base.clone();
                plus[j] += h;
                float[] minus = base.clone();
                minus[j] -= h;
                double fPlus = lazy.logits(new ParameterStore(m, false), m.create(plus, x.getShape()), false).toFloatArray()[4];
                double fMinus = lazy.logits(new ParameterStore(m, false), m.create(minus, x.getShape()), false).toFloatArray()[4];
                double numeric = (fPlus - fMinus) / (2 * h);
                assertThat((double) g[j]).isCloseTo(numeric, within(0.05 * Math.abs(numeric) + 1e-3));
                checked++;
            }
            assertThat(checked).isEqualTo(5);
        }
    }

    @Test
    void aBatchGivesTheSameMapsAsEachImageAlone() {
        try (NDManager m = NDManager.newBaseManager()) {
            int[] samples = {2, 4, 6, 8, 10, 12};
            int[] classes = {0, 1, 2, 3, 4, 5};
            for (CamMethod method : List.of(new GradCam("relu3"), new GradCamPlusPlus("relu3"))) {
                float[] batch = method.attribute(lazy, hardImages(m, samples), classes);
                for (int i = 0; i < samples.length; i++) {
                    float[] alone = method.attribute(lazy, hardImages(m, samples[i]), new int[] {classes[i]});
                    for (int p = 0; p < 784; p++) {
                        assertThat(batch[i * 784 + p]).isCloseTo(alone[p], within(1e-5f + 1e-4f * Math.abs(alone[p])));
                    }
                }
                assertThat(java.util.stream.IntStream.range(0, batch.length).mapToDouble(p -> batch[p]).max().getAsDouble())
                        .isPositive();
            }
        }
    }

    @Test
    void strokeShareAndPointingGameCountByHand() {
        byte[] strokes = new byte[2 * 784];
        strokes[10] = (byte) 200;               // sample 0: pixel 10 is stroke (200/255 > 0.3)
        strokes[11] = (byte) 50;                // 50/255 < 0.3: background
        strokes[784 + 20] = (byte) 255;         // sample 1: pixel 20 is stroke
        float[] maps = new float[2 * 784];
        maps[10] = 3;
        maps[11] = 1;
        maps[12] = -5;                          // negative mass is ignored
        maps[784 + 20] = 1;
        maps[784 + 21] = 4;
        double[] shares = StrokeShare.shares(maps, strokes, new int[] {0, 1}, 0.3);
        assertThat(shares).containsExactly(0.75, 0.2);
        assertThat(StrokeShare.pointingHits(maps, strokes, new int[] {0, 1}, 0.3)).containsExactly(true, false);
        assertThat(Deletion.area(new double[] {1, 1, 1})).isEqualTo(1.0);
        assertThat(Deletion.area(new double[] {1, 0, 0})).isEqualTo(0.25);
    }

    /** On a head that reads the flattened maps, the class score's gradient at each position is the head's weight. */
    @Test
    void hiResCamIsGradientTimesActivationSummedOverChannelsAndGradCamOnAPooledHead() {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(12);
            TappedNetwork flat = new TappedNetwork(List.of(Layer.conv("conv1", 3, 4, 3, 2, 1), Layer.relu("relu1"),
                    Layer.flatten("flatten"), Layer.linear("fc", 4 * 14 * 14, 10)));
            flat.initialize(m, DataType.FLOAT32, new Shape(1, 3, 28, 28));
            NDArray x = hardImages(m, 0, 1, 2);
            int[] classes = {2, 5, 8};
            float[] hires = new HiResCam("relu1").attribute(flat, x, classes);
            float[] a = flat.forwardTo(new ParameterStore(m, false), x, "relu1", false).toFloatArray();
            float[] w = flat.stage("fc").getParameters().get("weight").getArray().toFloatArray();
            int hw = 14 * 14;
            float[] cam = new float[3 * hw];
            for (int i = 0; i < 3; i++) {
                for (int c = 0; c < 4; c++) {
                    for (int p = 0; p < hw; p++) {
                        float g = w[classes[i] * 4 * hw + c * hw + p];
                        cam[i * hw + p] += g * a[(i * 4 + c) * hw + p];
                    }
                }
            }
            for (int p = 0; p < cam.length; p++) {
                cam[p] = Math.max(0, cam[p]);
            }
            float[] byHand = Maps.upsample(cam, 3, 14, 14, 28, 28);
            for (int p = 0; p < byHand.length; p++) {
                assertThat(hires[p]).isCloseTo(byHand[p], within(1e-5f + 1e-4f * Math.abs(byHand[p])));
            }
            TappedNetwork pooled = new TappedNetwork(List.of(Layer.conv("conv1", 3, 4, 3, 2, 1), Layer.relu("relu1"),
                    Layer.globalAvgPool("avgpool"), Layer.linear("fc", 4, 10)));
            pooled.initialize(m, DataType.FLOAT32, new Shape(1, 3, 28, 28));
            float[] h = new HiResCam("relu1").attribute(pooled, x, classes);
            float[] g = new GradCam("relu1").attribute(pooled, x, classes);
            for (int p = 0; p < h.length; p++) {
                assertThat(h[p]).isCloseTo(g[p], within(1e-6f + 1e-4f * Math.abs(g[p])));
            }
        }
    }

    /** α = g² / (2g² + ΣA·g³), weight = Σ α·ReLU(g): A = [1, 3], g = [0.5, −1] gives 0.25·0.5 + (−0.5)·0. */
    @Test
    void gradCamPlusPlusWeighsAChannelAsThePaperSays() {
        float[] weights = GradCamPlusPlus.channelWeights(new float[] {1, 3}, new float[] {0.5f, -1}, 1, 1, 1, 2);
        assertThat(weights).hasSize(1);
        assertThat(weights[0]).isCloseTo(0.125f, within(1e-6f));
    }

    @Test
    void saliencyAndGradientTimesInputMatchFiniteDifferences() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = hardImages(m, 7);
            int[] classes = {6};
            float[] saliency = new Saliency().attribute(lazy, x, classes);
            float[] gradInput = new GradientTimesInput().attribute(lazy, x, classes);
            float[] base = x.toFloatArray();
            int checked = 0;
            for (int p = 0; p < 784 && checked < 4; p += 53) {
                double[] numeric = new double[3];
                for (int c = 0; c < 3; c++) {
                    int j = c * 784 + p;
                    float h = 1e-3f;
                    float[] plus = base.clone();
                    plus[j] += h;
                    float[] minus = base.clone();
                    minus[j] -= h;
                    numeric[c] = (lazy.logits(new ParameterStore(m, false), m.create(plus, x.getShape()), false)
                            .toFloatArray()[6] - lazy.logits(new ParameterStore(m, false), m.create(minus, x.getShape()),
                            false).toFloatArray()[6]) / (2 * h);
                }
                double max = Math.max(Math.abs(numeric[0]), Math.max(Math.abs(numeric[1]), Math.abs(numeric[2])));
                if (max < 1e-2) {
                    continue;
                }
                double dot = numeric[0] * base[p] + numeric[1] * base[784 + p] + numeric[2] * base[2 * 784 + p];
                assertThat((double) saliency[p]).isCloseTo(max, within(0.05 * max + 1e-3));
                assertThat((double) gradInput[p]).isCloseTo(dot, within(0.05 * Math.abs(dot) + 1e-3));
                checked++;
            }
            assertThat(checked).isEqualTo(4);
        }
    }

    /**
     * A model that reads only the mean of the red channel: removing the (red) background first must
     * lower its confidence faster than removing the (grey) stroke first — the baseline removes colour.
     */
    @Test
    void deletionSeesTheColourShortcut() {
        try (NDManager m = NDManager.newBaseManager()) {
            TappedNetwork redReader = new TappedNetwork(List.of(Layer.flatten("flatten"), Layer.linear("fc", 2352, 10)));
            redReader.initialize(m, DataType.FLOAT32, new Shape(1, 3, 28, 28));
            float[] w = new float[10 * 2352];
            for (int p = 0; p < 784; p++) {
                w[p] = 20f / 784; // class 0 reads the red channel's mean
            }
            redReader.stage("fc").getParameters().get("weight").getArray().set(w);
            // logit 0 = 20 · (mean red − 0.6): a red image reads as 0, a grey one does not.
            float[] bias = new float[10];
            bias[0] = -12;
            redReader.stage("fc").getParameters().get("bias").getArray().set(bias);
            int[] red = java.util.stream.IntStream.range(0, data.train().size())
                    .filter(i -> data.train().colours()[i] == 0).limit(8).toArray();
            float[] x = SplitDataset.images(m, data.train(), red).toFloatArray();
            float[] backgroundFirst = new float[red.length * 784];
            float[] strokeFirst = new float[red.length * 784];
            for (int i = 0; i < red.length; i++) {
                for (int p = 0; p < 784; p++) {
                    float stroke = (data.train().strokes()[red[i] * 784 + p] & 0xff) / 255f;
                    backgroundFirst[i * 784 + p] = 1 - stroke;
                    strokeFirst[i * 784 + p] = stroke;
                }
            }
            int[] classes = new int[red.length];
            double background = Deletion.area(Deletion.curve(redReader, x, backgroundFirst, classes, false, m));
            double stroke = Deletion.area(Deletion.curve(redReader, x, strokeFirst, classes, false, m));
            assertThat(background).isLessThan(stroke - 0.05);
            double backgroundIn = Deletion.area(Deletion.curve(redReader, x, backgroundFirst, classes, true, m));
            double strokeIn = Deletion.area(Deletion.curve(redReader, x, strokeFirst, classes, true, m));
            assertThat(backgroundIn).isGreaterThan(strokeIn + 0.05);
        }
    }
}
