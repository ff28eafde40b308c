package lazyartist.explain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import lazyartist.TestData;
import lazyartist.data.ColoredDataset;
import lazyartist.data.Maps;
import lazyartist.data.Mode;
import lazyartist.data.Pixels;
import lazyartist.data.SplitDataset;
import lazyartist.model.Layer;
import lazyartist.model.NetworkFamily;
import lazyartist.model.TappedNetwork;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The sanity checks and the methods added for them: each against what it must find or compute exactly. */
class SanityTest {

    private static ColoredDataset data;
    private static NDManager manager;

    @BeforeAll
    static void open() {
        data = TestData.dataset(Mode.BACKGROUND);
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    private static byte[] bytes(TappedNetwork net, String stage) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (var p : net.stage(stage).getParameters()) {
            out.writeBytes(p.getValue().getArray().toByteArray());
        }
        return out.toByteArray();
    }

    @Test
    void randomisingADepthChangesExactlyTheStagesItNamesAndTheSeedReproducesIt() {
        TappedNetwork lazy = TestData.trainedLazy();
        assertThat(Randomisation.groups(lazy)).containsExactly(List.of("fc"), List.of("conv3"), List.of("conv2"),
                List.of("conv1"));
        TappedNetwork robust = new TappedNetwork(lazyartist.model.Architecture.ROBUST.layers());
        assertThat(Randomisation.groups(robust)).containsExactly(List.of("fc"), List.of("conv3", "bn3"),
                List.of("conv2", "bn2"), List.of("conv1", "bn1"));
        List<String> named = List.of("fc", "conv3");
        TappedNetwork once = Randomisation.randomise(lazy, named, 7, manager);
        TappedNetwork again = Randomisation.randomise(lazy, named, 7, manager);
        TappedNetwork other = Randomisation.randomise(lazy, named, 8, manager);
        for (Layer layer : lazy.layers()) {
            if (!layer.hasParameters()) {
                continue;
            }
            String stage = layer.name();
            assertThat(bytes(again, stage)).as(stage).isEqualTo(bytes(once, stage));
            if (named.contains(stage)) {
                assertThat(bytes(once, stage)).as(stage).isNotEqualTo(bytes(lazy, stage));
                assertThat(bytes(other, stage)).as(stage).isNotEqualTo(bytes(once, stage));
            } else {
                assertThat(bytes(once, stage)).as(stage).isEqualTo(bytes(lazy, stage));
            }
        }
    }

    /** A "method" that returns the digit's edges whatever the weights: the cascade sees through it. */
    private static final class Edges implements AttributionMethod {
        @Override
        public String name() {
            return "edges";
        }

        @Override
        public float[] attribute(TappedNetwork net, NDArray images, int[] classes) {
            float[] x = images.toFloatArray();
            int n = classes.length;
            float[] out = new float[n * Pixels.PIXELS];
            for (int i = 0; i < n; i++) {
                for (int y = 1; y < Pixels.SIDE - 1; y++) {
                    for (int xx = 1; xx < Pixels.SIDE - 1; xx++) {
                        float dx = 0;
                        float dy = 0;
                        for (int c = 0; c < Pixels.CHANNELS; c++) {
                            int at = i * Pixels.VALUES + c * Pixels.PIXELS + y * Pixels.SIDE + xx;
                            dx += x[at + 1] - x[at - 1];
                            dy += x[at + Pixels.SIDE] - x[at - Pixels.SIDE];
                        }
                        out[i * Pixels.PIXELS + y * Pixels.SIDE + xx] = (float) Math.hypot(dx, dy);
                    }
                }
            }
            return out;
        }
    }

    /**
     * The edge map echoes the input and fails the weight randomisation; gradient × input on a linear
     * network that reads only the red channel changes with the weights and passes.
     */
    @Test
    void anEdgeMapFailsTheWeightRandomisationAndGradientTimesInputOnARedReaderPassesIt() {
        TappedNetwork red = new TappedNetwork(List.of(Layer.flatten("flatten"), Layer.linear("fc", Pixels.VALUES, 10)));
        Engine.getInstance().setRandomSeed(3);
        red.initialize(manager, DataType.FLOAT32, Pixels.batch(1));
        Random random = new Random(4);
        float[] w = new float[10 * Pixels.VALUES];
        for (int k = 0; k < 10; k++) {
            for (int p = 0; p < Pixels.PIXELS; p++) {
                w[k * Pixels.VALUES + p] = (float) random.nextGaussian() * 0.05f;
            }
        }
        Parameter weight = red.stage("fc").getParameters().get("weight");
        weight.getArray().set(w);
        int[] indices = IntStream.range(0, 40).toArray();
        SanityCheck.Result r = SanityCheck.run(red, data.hard(), indices, List.of(new Edges(), new GradientTimesInput()),
                null, 11);
        SanityCheck.MethodResult edges = r.methods().get(0);
        SanityCheck.MethodResult gradInput = r.methods().get(1);
        assertThat(edges.values().get("cascade")).isGreaterThan(0.99);
        assertThat(edges.verdicts().get("cascade")).isFalse();
        assertThat(edges.verdicts().get("random-logit")).isFalse();
        assertThat(gradInput.values().get("cascade")).isLessThan(SanityCheck.THRESHOLD);
        assertThat(gradInput.verdicts().get("cascade")).isTrue();
        assertThat(gradInput.verdicts().get("labels")).isNull();
    }

    @Test
    void smoothGradWithoutNoiseIsItsBaseMethodExactly() {
        TappedNetwork lazy = TestData.trainedLazy();
        NDArray x = SplitDataset.images(manager, data.hard(), IntStream.range(0, 8).toArray());
        int[] classes = {1, 2, 3, 4, 5, 6, 7, 8};
        for (AttributionMethod base : List.<AttributionMethod>of(new Saliency(), new GradientTimesInput())) {
            float[] expected = base.attribute(lazy, x, classes);
            assertThat(new SmoothGrad(base, 5, 0, false, 1).attribute(lazy, x, classes)).containsExactly(expected);
            assertThat(new SmoothGrad(base, 5, 0.2, false, 1).attribute(lazy, x, classes)).isNotEqualTo(expected);
        }
    }

    /**
     * The sanity check's shared work changes no map: occlusion and Score-CAM give each choice of classes
     * from one set of passes exactly as a run per choice, and SmoothGrad's two variants from one set of
     * noisy gradients exactly as each alone.
     */
    @Test
    void sharedPassesGiveTheMapsOfSeparateRuns() {
        TappedNetwork lazy = TestData.trainedLazy();
        int[] indices = IntStream.range(0, 6).toArray();
        NDArray x = SplitDataset.images(manager, data.hard(), indices);
        int[] predicted = {1, 2, 3, 4, 5, 6};
        int[] other = {7, 0, 9, 8, 0, 1};
        MapSettings s = MapSettings.DEFAULTS.withStage("relu2").withNoise(3, 0.15).withPatch(7, 7);
        for (String name : List.of("occlusion", "scorecam")) {
            AttributionMethod m = Methods.of(name, s);
            List<float[]> both = m.attribute(lazy, x, List.of(predicted, other));
            assertThat(both.get(0)).containsExactly(m.attribute(lazy, x, predicted));
            assertThat(both.get(1)).containsExactly(m.attribute(lazy, x, other));
            assertThat(both.get(1)).isNotEqualTo(both.get(0));
        }
        // A family of the trained network, its copy with a fresh head (the same masks up to relu2) and its copy
        // with a fresh conv2 (masks of its own): each member's maps are those of its own run.
        NetworkFamily family = new NetworkFamily(List.of(lazy, Randomisation.randomise(lazy, List.of("fc"), 3, manager),
                Randomisation.randomise(lazy, List.of("conv2"), 3, manager)));
        for (String name : List.of("occlusion", "scorecam")) {
            FamilyMethod m = (FamilyMethod) Methods.of(name, s);
            List<List<float[]>> shared = m.attribute(family, x, List.of(predicted, other));
            for (int j = 0; j < 3; j++) {
                List<float[]> alone = m.attribute(family.members().get(j), x, List.of(predicted, other));
                for (int c = 0; c < 2; c++) {
                    assertThat(shared.get(j).get(c)).as("%s member %d choice %d", name, j, c)
                            .containsExactly(alone.get(c));
                }
            }
            assertThat(shared.get(1).get(0)).as(name).isNotEqualTo(shared.get(0).get(0));
        }
        List<AttributionMethod> pair = List.of(Methods.of("smoothgrad", s), Methods.of("smoothgrad-sq", s));
        var joint = Explanation.maps(lazy, data.hard(), indices, pair, List.of(predicted));
        for (AttributionMethod m : pair) {
            assertThat(joint.get(m.name()).maps().get(0)).containsExactly(m.attribute(lazy, x, predicted));
        }
        float[] mean = joint.get("smoothgrad").maps().get(0);
        float[] squares = joint.get("smoothgrad-sq").maps().get(0);
        assertThat(squares).isNotEqualTo(mean);
    }

    /**
     * A family of a batch-norm CNN and its re-initialised copies runs each shared prefix once (cut only
     * between stages that run apart) and gives every member the logits of its own pass, to the bit.
     */
    @Test
    void aFamilyRunsEachSharedPrefixOnceAndGivesEveryMemberItsOwnLogits() {
        TappedNetwork robust = lazyartist.model.ModelStore.initialised(lazyartist.model.Architecture.ROBUST, manager);
        List<TappedNetwork> members = List.of(robust, Randomisation.randomise(robust, List.of("fc"), 5, manager),
                Randomisation.randomise(robust, List.of("conv3", "bn3"), 5, manager),
                Randomisation.randomise(robust, List.of("conv1", "bn1", "conv2", "bn2", "conv3", "bn3", "fc"), 5,
                        manager));
        NetworkFamily family = new NetworkFamily(members);
        // Segments [conv1, conv3), [conv3, fc), [fc]: 2 + 3 + 4 runs, against 4 × 3 alone.
        assertThat(family.segmentRuns()).isEqualTo(9);
        assertThat(family.ownersThrough(robust.indexOf("relu3"))).containsExactly(0, 0, 2, 3);
        NDArray x = SplitDataset.images(manager, data.hard(), IntStream.range(0, 8).toArray());
        try (NDManager scope = manager.newSubManager()) {
            List<NDArray> logits = family.logits(new ParameterStore(scope, false), x);
            for (int j = 0; j < members.size(); j++) {
                float[] own = members.get(j).logits(new ParameterStore(scope, false), x, false).toFloatArray();
                assertThat(logits.get(j).toFloatArray()).as("member %d", j).containsExactly(own);
            }
            assertThat(logits.get(1).toFloatArray()).isNotEqualTo(logits.get(0).toFloatArray());
        }
    }

    /** On a linear model occlusion's drop of the class logit is the patch's sum of w · (x − baseline). */
    @Test
    void occlusionOnALinearModelIsThePatchSumsOfWeightTimesTheChange() {
        TappedNetwork linear = new TappedNetwork(List.of(Layer.flatten("flatten"), Layer.linear("fc", Pixels.VALUES,
                10)));
        Engine.getInstance().setRandomSeed(5);
        linear.initialize(manager, DataType.FLOAT32, Pixels.batch(1));
        int n = 3;
        NDArray x = SplitDataset.images(manager, data.hard(), IntStream.range(0, n).toArray());
        int[] classes = {2, 5, 9};
        float[] map = new Occlusion(7, 7, Occlusion.Score.LOGIT).attribute(linear, x, classes);
        float[] w = linear.stage("fc").getParameters().get("weight").getArray().toFloatArray();
        float[] pixels = x.toFloatArray();
        float[] baseline = Deletion.baseline(pixels, n);
        for (int i = 0; i < n; i++) {
            for (int py = 0; py < 28; py += 7) {
                for (int px = 0; px < 28; px += 7) {
                    double sum = 0;
                    for (int c = 0; c < 3; c++) {
                        for (int y = py; y < py + 7; y++) {
                            for (int xx = px; xx < px + 7; xx++) {
                                int k = c * Pixels.PIXELS + y * 28 + xx;
                                sum += w[classes[i] * Pixels.VALUES + k] * (pixels[i * Pixels.VALUES + k]
                                        - baseline[i * Pixels.VALUES + k]);
                            }
                        }
                    }
                    for (int y = py; y < py + 7; y++) {
                        for (int xx = px; xx < px + 7; xx++) {
                            assertThat((double) map[i * Pixels.PIXELS + y * 28 + xx]).isCloseTo(sum, within(1e-5));
                        }
                    }
                }
            }
        }
    }

    /** With one channel at the CAM stage, Score-CAM is that channel's upsampled map rescaled to [0, 1]. */
    @Test
    void scoreCamWithOneChannelIsThatChannelsNormalisedUpsampledMap() {
        TappedNetwork one = new TappedNetwork(List.of(Layer.conv("conv1", 3, 1, 5, 2, 0), Layer.relu("relu1"),
                Layer.flatten("flatten"), Layer.linear("fc", 144, 10)));
        Engine.getInstance().setRandomSeed(6);
        one.initialize(manager, DataType.FLOAT32, Pixels.batch(1));
        int n = 4;
        NDArray x = SplitDataset.images(manager, data.hard(), IntStream.range(0, n).toArray());
        float[] map = new ScoreCam("relu1").attribute(one, x, new int[] {0, 1, 2, 3});
        float[] activation = one.forwardTo(new ai.djl.training.ParameterStore(manager, false), x, "relu1", false)
                .toFloatArray();
        float[] expected = Maps.upsample(activation, n, 12, 12, 28, 28);
        for (int i = 0; i < n; i++) {
            ScoreCam.normalise(expected, i * Pixels.PIXELS, Pixels.PIXELS);
        }
        for (int k = 0; k < map.length; k++) {
            assertThat((double) map[k]).as("value %d", k).isCloseTo(expected[k], within(1e-5));
        }
    }

    /**
     * Score-CAM on each image's one channel of most activation is that channel's map rescaled; on as many
     * channels as the stage has it is the full method exactly.
     */
    @Test
    void scoreCamOnItsTopChannelsKeepsTheMostActivatedOnes() {
        TappedNetwork lazy = TestData.trainedLazy();
        int n = 4;
        NDArray x = SplitDataset.images(manager, data.hard(), IntStream.range(0, n).toArray());
        int[] classes = {0, 1, 2, 3};
        float[] a = lazy.forwardTo(new ai.djl.training.ParameterStore(manager, false), x, "relu2", false)
                .toFloatArray();
        int k = 8;
        int side = 14;
        float[] up = Maps.upsample(a, n * k, side, side, 28, 28);
        float[] top = new ScoreCam("relu2", 1).attribute(lazy, x, classes);
        for (int i = 0; i < n; i++) {
            int best = 0;
            double bestMass = -1;
            for (int c = 0; c < k; c++) {
                double mass = 0;
                for (int p = 0; p < side * side; p++) {
                    mass += Math.abs(a[(i * k + c) * side * side + p]);
                }
                if (mass > bestMass) {
                    bestMass = mass;
                    best = c;
                }
            }
            float[] expected = java.util.Arrays.copyOfRange(up, (i * k + best) * Pixels.PIXELS,
                    (i * k + best + 1) * Pixels.PIXELS);
            ScoreCam.normalise(expected, 0, Pixels.PIXELS);
            for (int p = 0; p < Pixels.PIXELS; p++) {
                assertThat((double) top[i * Pixels.PIXELS + p]).as("image %d value %d", i, p)
                        .isCloseTo(expected[p], within(1e-5));
            }
        }
        assertThat(new ScoreCam("relu2", k).attribute(lazy, x, classes))
                .containsExactly(new ScoreCam("relu2").attribute(lazy, x, classes));
    }

    @Test
    void similarityMeasuresMeetTheirDefinitions() {
        float[] a = new float[Pixels.PIXELS];
        float[] b = new float[Pixels.PIXELS];
        for (int p = 0; p < Pixels.PIXELS; p++) {
            a[p] = p;
            b[p] = -p;
        }
        assertThat(Similarity.spearman(a, a)).isCloseTo(1, within(1e-12));
        assertThat(Similarity.spearman(a, b)).isCloseTo(-1, within(1e-12));
        assertThat(Similarity.ssim(Similarity.unit(a), Similarity.unit(a))).isCloseTo(1, within(1e-9));
        assertThat(Similarity.topK(a, a, 78)).isEqualTo(1.0);
        assertThat(Similarity.topK(a, b, 78)).isEqualTo(0.0);
        double[] all = Similarity.of(a, b, 1);
        assertThat(all[0]).as("|a| and |b| rank alike").isCloseTo(1, within(1e-12));
        assertThat(all[1]).isCloseTo(-1, within(1e-12));
    }

    @Test
    void ranksGiveTiesTheirMeanRankAndTheTopKBreaksTiesByPosition() {
        assertThat(Similarity.ranks(new float[] {3, -1, 3, 0, -0f, -2, Float.NEGATIVE_INFINITY, 1e-30f}))
                .containsExactly(7.5, 3, 7.5, 4.5, 4.5, 2, 1, 6);
        float[] x = new float[Pixels.PIXELS];
        float[] y = new float[Pixels.PIXELS];
        x[0] = x[1] = 5;
        y[1] = y[2] = 5;
        y[0] = -1;
        assertThat(Similarity.topK(x, y, 1)).as("x's first 5 against y's first 5").isEqualTo(0.0);
        assertThat(Similarity.topK(x, y, 2)).isEqualTo(0.5);
        assertThat(Similarity.topK(x, y, 3)).as("y's third: its first 0, at position 3").isEqualTo(2 / 3.0);
    }
}
