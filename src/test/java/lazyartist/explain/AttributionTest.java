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
}
