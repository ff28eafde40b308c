package lazyartist.probe;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import lazyartist.TestData;
import lazyartist.data.ColoredDataset;
import lazyartist.data.ColoredSplit;
import lazyartist.data.Mode;
import lazyartist.data.Pixels;
import lazyartist.model.TappedNetwork;
import lazyartist.figures.Png;
import lazyartist.figures.ProbeGrid;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ProbeTest {

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

    @Test
    void activationMaximisationRaisesTheUnitFivefold() {
        int[] channels = IntStream.range(0, 16).toArray();
        Render render = Render.DEFAULT;
        float[] start = render.withSteps(0).maximise(lazy, "relu3", Unit.CHANNEL_MEAN, channels);
        float[] end = render.maximise(lazy, "relu3", Unit.CHANNEL_MEAN, channels);
        float[] before = Render.values(lazy, "relu3", Unit.CHANNEL_MEAN, channels, start);
        float[] after = Render.values(lazy, "relu3", Unit.CHANNEL_MEAN, channels, end);
        int raised = 0;
        for (int c = 0; c < channels.length; c++) {
            if (after[c] >= 5 * Math.max(Math.abs(before[c]), 0.01f) && after[c] > before[c]) {
                raised++;
            }
        }
        assertThat(raised).as("channels raised ≥5× (before %s, after %s)", Arrays.toString(before),
                Arrays.toString(after)).isGreaterThanOrEqualTo(6);
    }

    @Test
    void fourierParametrisationAlsoRaisesTheUnits() {
        int[] channels = IntStream.range(0, 16).toArray();
        Render render = Render.DEFAULT.with(Parametrisation.FOURIER);
        float[] start = render.withSteps(0).maximise(lazy, "relu3", Unit.CHANNEL_MEAN, channels);
        float[] end = render.maximise(lazy, "relu3", Unit.CHANNEL_MEAN, channels);
        float[] before = Render.values(lazy, "relu3", Unit.CHANNEL_MEAN, channels, start);
        float[] after = Render.values(lazy, "relu3", Unit.CHANNEL_MEAN, channels, end);
        int raised = 0;
        for (int c = 0; c < channels.length; c++) {
            raised += after[c] > before[c] + 0.1 ? 1 : 0;
        }
        assertThat(raised).isGreaterThanOrEqualTo(12);
        // A sigmoid keeps every pixel inside [0, 1] without clamping, and the image is not flat.
        double mean = 0;
        for (float v : end) {
            assertThat(v).isBetween(0f, 1f);
            mean += v / end.length;
        }
        double spread = 0;
        for (float v : end) {
            spread += (v - mean) * (v - mean) / end.length;
        }
        assertThat(Math.sqrt(spread)).isGreaterThan(0.05);
    }

    @Test
    void theCosineBasisIsOrthonormal() {
        float[] b = Parametrisation.cosineBasis();
        for (int i = 0; i < 28; i++) {
            for (int j = 0; j < 28; j++) {
                double dot = 0;
                for (int k = 0; k < 28; k++) {
                    dot += b[i * 28 + k] * b[j * 28 + k];
                }
                assertThat(dot).isCloseTo(i == j ? 1 : 0, org.assertj.core.api.Assertions.within(1e-5));
            }
        }
    }

    @Test
    void theSameSeedGivesTheSamePngBytes() {
        int[] channels = {0, 1, 2};
        Render render = new Render(16, 0.05, 2, 0.1, 0.001, 0.05, 8, Parametrisation.PIXELS, 3);
        byte[] a = Png.encode(ProbeGrid.draw("t", render.maximise(lazy, "relu1", Unit.NEURON, channels), channels));
        byte[] b = Png.encode(ProbeGrid.draw("t", render.maximise(lazy, "relu1", Unit.NEURON, channels), channels));
        byte[] c = Png.encode(ProbeGrid.draw("t", new Render(16, 0.05, 2, 0.1, 0.001, 0.05, 8, Parametrisation.PIXELS, 4)
                .maximise(lazy, "relu1", Unit.NEURON, channels), channels));
        assertThat(a).isEqualTo(b).isNotEqualTo(c);
    }

    @Test
    void deepDreamRaisesTheClassLogitAndKeepsSnapshots() {
        float[] digit = lazyartist.data.SplitDataset.images(manager, data.hard(), new int[] {4}).toFloatArray();
        int[] classes = {3};
        List<float[]> frames = DeepDream.dream(lazy, digit, classes, Render.DEFAULT.withSteps(32), new int[] {8, 32});
        assertThat(frames).hasSize(3);
        assertThat(frames.get(0)).isEqualTo(digit);
        float before = logit(frames.get(0), 3);
        float after = logit(frames.get(2), 3);
        assertThat(after).isGreaterThan(before + 1);
    }

    @Test
    void inversionMovesTowardsTheReferenceActivation() {
        float[] reference = lazyartist.data.SplitDataset.images(manager, data.hard(), new int[] {9}).toFloatArray();
        Render render = Render.DEFAULT.withSteps(64);
        float[] inverted = Inversion.invert(lazy, reference, List.of("relu1"), render);
        double start = distance(render.sharedStart(1), reference, "relu1");
        double end = distance(inverted, reference, "relu1");
        assertThat(end).isLessThan(0.5 * start);
    }

    private static float logit(float[] image, int cls) {
        try (NDManager m = NDManager.newBaseManager()) {
            return lazy.logits(new ai.djl.training.ParameterStore(m, false), m.create(image,
                    new ai.djl.ndarray.types.Shape(1, 3, 28, 28)), false).toFloatArray()[cls];
        }
    }

    private static double distance(float[] image, float[] reference, String stage) {
        try (NDManager m = NDManager.newBaseManager()) {
            var ps = new ai.djl.training.ParameterStore(m, false);
            var shape = new ai.djl.ndarray.types.Shape(1, 3, 28, 28);
            return lazy.forwardTo(ps, m.create(image, shape), stage, false)
                    .sub(lazy.forwardTo(ps, m.create(reference, shape), stage, false)).square().mean().getFloat();
        }
    }

    @Test
    void topKAreTheKLargestByBruteForce() {
        ColoredSplit hard = data.hard();
        Map<String, float[]> means = ChannelStats.channelMeans(lazy, hard, List.of("relu2", "relu3"));
        float[] relu3 = means.get("relu3");
        assertThat(relu3).hasSize(hard.size() * 16);
        for (int c = 0; c < 16; c++) {
            int channel = c;
            int[] top = lazyartist.data.Purity.topSamples(relu3, 16, c, 16);
            Integer[] all = IntStream.range(0, hard.size()).boxed().toArray(Integer[]::new);
            Arrays.sort(all, (x, y) -> Float.compare(relu3[y * 16 + channel], relu3[x * 16 + channel]));
            float kth = relu3[all[15] * 16 + c];
            for (int i : top) {
                assertThat(relu3[i * 16 + c]).isGreaterThanOrEqualTo(kth);
            }
            assertThat(relu3[top[0] * 16 + c]).isEqualTo(relu3[all[0] * 16 + c]);
            assertThat(Arrays.stream(top).distinct().count()).isEqualTo(16);
        }
    }

    @Test
    void puritiesAndLabelsOnAHandMadeCase() {
        // Six samples; one channel whose top 4 are samples 0..3 (activations 9, 8, 7, 6).
        int[] labels = {1, 1, 1, 2, 5, 6};
        int[] colours = {3, 4, 5, 6, 3, 3};
        ColoredSplit split = new ColoredSplit("hand", new byte[6 * Pixels.VALUES], labels, colours,
                new byte[6 * Pixels.PIXELS]);
        float[] means = {9, 8, 7, 6, 1, 0};
        TopActivating.Channel ch = TopActivating.channels("s", means, 1, split, 4).get(0);
        assertThat(ch.top()).containsExactly(0, 1, 2, 3);
        assertThat(ch.digitPurity()).isEqualTo(0.75);
        assertThat(ch.commonDigit()).isEqualTo(1);
        assertThat(ch.colourPurity()).isEqualTo(0.25);
        assertThat(ch.label()).isEqualTo("shape");
        assertThat(lazyartist.data.Purity.label(0.8, 0.3)).isEqualTo("colour");
        assertThat(lazyartist.data.Purity.label(0.6, 0.5)).isEqualTo("mixed");
        assertThat(lazyartist.data.Purity.label(0.4, 0.1)).isEqualTo("mixed");
    }
}
