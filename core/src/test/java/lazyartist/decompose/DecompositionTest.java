package lazyartist.decompose;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.IntStream;
import lazyartist.TestData;
import lazyartist.data.ColoredDataset;
import lazyartist.data.Mode;
import lazyartist.model.Safetensors;
import lazyartist.model.TappedNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Splicing an autoencoder into the tapped network, on the shared lazy test model. */
class DecompositionTest {

    private static ColoredDataset data;
    private static TappedNetwork lazy;

    @TempDir
    Path tmp;

    @BeforeAll
    static void useTheSharedLazyModel() {
        data = TestData.dataset(Mode.BACKGROUND);
        lazy = TestData.trainedLazy();
    }

    /** An autoencoder that copies its input: ReLU of a non-negative activation through identity weights. */
    private static SparseAutoencoder identity(int width, Path file) {
        return scaled(width, file, 1);
    }

    /** An autoencoder that returns its input times {@code scale}. */
    private static SparseAutoencoder scaled(int width, Path file, float scale) {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray eye = m.eye(width);
            Map<String, Safetensors.Tensor> tensors = new java.util.LinkedHashMap<>();
            tensors.put("W_enc", Safetensors.Tensor.of(eye));
            tensors.put("b_enc", Safetensors.Tensor.of(m.zeros(new Shape(width))));
            tensors.put("W_dec", Safetensors.Tensor.of(eye.mul(scale)));
            tensors.put("b_dec", Safetensors.Tensor.of(m.zeros(new Shape(width))));
            Safetensors.write(file, tensors, Map.of());
        }
        return SparseAutoencoder.load(file, SparseAutoencoder.Kind.RELU_L1, 0);
    }

    @Test
    void anExactReconstructionGivesTheOriginalAccuracy() {
        Stage stage = Stage.of(lazy, null, null);
        assertThat(stage.name()).isEqualTo("relu3");
        assertThat(stage.tokens()).isEqualTo(Tokens.IMAGE);
        try (SparseAutoencoder sae = identity(stage.width(), tmp.resolve("id.safetensors"))) {
            SaePass.Metrics m = SaePass.run(stage, sae, data.val(), Map.of(), false).metrics();
            assertThat(m.explainedVariance()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-6));
            assertThat(m.splicedAccuracy()).isEqualTo(m.accuracy());
            assertThat(m.ceRecovered()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
            assertThat(m.klSpliced()).isCloseTo(0.0, org.assertj.core.data.Offset.offset(1e-5));
            assertThat(m.klZeroAblation()).isGreaterThan(0.01);
            assertThat(m.klScore()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
            assertThat(m.shrinkage()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
        }
    }

    /** A reconstruction at half the length: shrinkage 0.5, and the class distribution moves away. */
    @Test
    void aHalvedReconstructionShrinksByHalf() {
        Stage stage = Stage.of(lazy, null, null);
        try (SparseAutoencoder sae = scaled(stage.width(), tmp.resolve("half.safetensors"), 0.5f)) {
            SaePass.Metrics m = SaePass.run(stage, sae, data.val(), Map.of(), false).metrics();
            assertThat(m.shrinkage()).isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-5));
            assertThat(m.klSpliced()).isGreaterThan(1e-4);
            assertThat(m.klScore()).isLessThan(1.0).isGreaterThan(0.0);
        }
    }

    @Test
    void positionTokensForTrainingAreDistinctPositionsOfTheirOwnImage() {
        Stage stage = Stage.of(lazy, "relu3", Tokens.POSITION);
        int images = Stage.BATCH + 44;
        int per = 3;
        var split = data.train().subset("s", IntStream.range(0, images).toArray());
        try (NDManager m = NDManager.newBaseManager()) {
            float[] picked = stage.trainingTokens(split, per, 5, m).toFloatArray();
            float[] every = stage.trainingTokens(split, stage.perImage(), 5, m).toFloatArray();
            int width = stage.width();
            assertThat(picked).hasSize(images * per * width);
            for (int i = 0; i < images; i++) {
                java.util.List<Integer> unique = new java.util.ArrayList<>();
                for (int t = 0; t < per; t++) {
                    int from = (i * per + t) * width;
                    float[] token = java.util.Arrays.copyOfRange(picked, from, from + width);
                    java.util.List<Integer> matches = new java.util.ArrayList<>();
                    for (int p = 0; p < stage.perImage(); p++) {
                        int at = (i * stage.perImage() + p) * width;
                        if (java.util.Arrays.equals(token, java.util.Arrays.copyOfRange(every, at, at + width))) {
                            matches.add(p);
                        }
                    }
                    assertThat(matches).as("token %d of image %d is one of its positions", t, i).isNotEmpty();
                    if (matches.size() == 1) {
                        unique.add(matches.get(0));
                    }
                }
                // Blank positions can look alike; a token that matches one position only names it.
                assertThat(unique).as("image %d picks a position twice", i).doesNotHaveDuplicates();
            }
        }
    }

    @Test
    void trainingTokensAboveTheBudgetTakeFewerPositionsThenFewerImages() {
        var split = data.train().subset("s", IntStream.range(0, 300).toArray());
        Stage positions = Stage.of(lazy, "relu3", Tokens.POSITION);
        Stage images = Stage.of(lazy, "relu3", Tokens.IMAGE);
        try (NDManager m = NDManager.newBaseManager()) {
            int w = positions.width();
            assertThat(Decomposition.trainingTokens(positions, split, 1, Long.MAX_VALUE, m).getShape())
                    .isEqualTo(new Shape(300L * Decomposition.POSITIONS_PER_IMAGE, w));
            assertThat(Decomposition.trainingTokens(positions, split, 1, 300L * 3 * w + 5, m).getShape())
                    .isEqualTo(new Shape(900, w));
            assertThat(Decomposition.trainingTokens(positions, split, 1, 100L * w, m).getShape())
                    .isEqualTo(new Shape(100, w));
            assertThat(Decomposition.trainingTokens(images, split, 1, 50L * 784, m).getShape())
                    .isEqualTo(new Shape(50, 784));
        }
    }

    /** A TopK autoencoder (k 4, one epoch) on up to {@code positions} tokens of each of 300 training digits. */
    private static SparseAutoencoder smallTopK(Stage stage, int positions) {
        SaeOptions options = new SaeOptions(SparseAutoencoder.Kind.TOPK, 4, 0, 2, 1, 64, 1e-3, 1);
        try (NDManager m = NDManager.newBaseManager()) {
            return SaeTraining.train(stage.trainingTokens(data.train().subset("s", IntStream.range(0, 300).toArray()),
                    positions, 1, m), options, true).sae();
        }
    }

    @Test
    void anEditThatChangesNothingGivesTheOriginalLogits() {
        for (Tokens tokens : Tokens.values()) {
            Stage stage = Stage.of(lazy, "relu3", tokens);
            try (NDManager m = NDManager.newBaseManager(); SparseAutoencoder sae = smallTopK(stage, 49)) {
                int[] images = IntStream.range(0, 40).toArray();
                NDArray[] logits = new NDArray[2];
                stage.forEachBatch(data.val(), images, (batch, t) -> {
                    logits[0] = stage.logitsFrom(t, batch.length).duplicate();
                    logits[1] = stage.logitsFrom(Edit.NONE.output(sae, t, sae.encode(t)), batch.length).duplicate();
                    logits[0].attach(m);
                    logits[1].attach(m);
                });
                float[] plain = logits[0].toFloatArray();
                float[] edited = logits[1].toFloatArray();
                for (int i = 0; i < plain.length; i++) {
                    assertThat(edited[i]).as(tokens.key()).isCloseTo(plain[i], org.assertj.core.data.Offset.offset(1e-5f));
                }
                // The reconstruction alone is not exact: the error term is what makes "no change" exact.
                assertThat(SaePass.run(stage, sae, data.val(), Map.of(), false).metrics().explainedVariance()).isLessThan(1);
            }
        }
    }

    @Test
    void theSavedAutoencoderHasExactlySaeLensKeysAndShapes() {
        Stage stage = Stage.of(lazy, null, null);
        SaeOptions options = new SaeOptions(SparseAutoencoder.Kind.TOPK, 8, 0, 2, 1, 64, 1e-3, 1);
        try (NDManager m = NDManager.newBaseManager();
                SparseAutoencoder sae = SaeTraining.train(stage.trainingTokens(
                        data.train().subset("s", IntStream.range(0, 200).toArray()), 1, 1, m), options, true).sae()) {
            sae.save(tmp.resolve("sae.safetensors"), Map.of());
        }
        var header = Safetensors.readHeader(tmp.resolve("sae.safetensors"));
        java.util.List<String> keys = new java.util.ArrayList<>();
        header.fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactlyInAnyOrder("__metadata__", "W_enc", "b_enc", "W_dec", "b_dec");
        assertThat(header.get("W_enc").get("shape").toString()).isEqualTo("[784,1568]");
        assertThat(header.get("b_enc").get("shape").toString()).isEqualTo("[1568]");
        assertThat(header.get("W_dec").get("shape").toString()).isEqualTo("[1568,784]");
        assertThat(header.get("b_dec").get("shape").toString()).isEqualTo("[784]");
        assertThat(header.get("W_dec").get("dtype").asText()).isEqualTo("F32");
    }

    /** Rendering raises the feature's own objective above the start and above a random direction's rendering. */
    @Test
    void aRenderedDirectionScoresAboveItsStartAndARandomDirectionsRendering() {
        for (Tokens tokens : Tokens.values()) {
            Stage stage = Stage.of(lazy, "relu3", tokens);
            try (SparseAutoencoder sae = smallTopK(stage, 8)) {
                var rendered = FeatureRender.render(stage, sae, new int[] {0, 5, 9},
                        lazyartist.probe.Render.DEFAULT.withSteps(48));
                assertThat(rendered).hasSize(3);
                for (FeatureRender.Rendered r : rendered) {
                    assertThat(r.objective()).as("%s feature %d", tokens.key(), r.feature())
                            .isGreaterThan(r.startObjective()).isGreaterThan(r.randomDirectionObjective());
                    assertThat(r.image()).hasSize(lazyartist.data.Pixels.VALUES);
                }
            }
        }
    }

    /**
     * A feature's activations hold its value at every position (their largest is the image's
     * activation), and its 28×28 fire map peaks inside, or beside, the position where it is largest.
     */
    @Test
    void aFireMapPeaksWhereTheFeatureIsLargest() {
        Stage stage = Stage.of(lazy, "relu3", Tokens.POSITION);
        try (SparseAutoencoder sae = smallTopK(stage, 8)) {
            var few = data.hard().subset("few", IntStream.range(0, 40).toArray());
            float[] strongest = SaePass.run(stage, sae, few, Map.of(), true).imageActivation();
            int per = stage.perImage();
            int side = (int) Math.round(Math.sqrt(per));
            int cell = lazyartist.data.Pixels.SIDE / side;
            int[] images = {3, 17, 31};
            int firing = 0;
            for (int feature = 0; feature < sae.dSae(); feature += 37) {
                float[] positions = Decomposition.activations(stage, sae, feature, images, few);
                float[] map = Decomposition.fireMap(stage, sae, feature, images, few);
                assertThat(positions).hasSize(images.length * per);
                assertThat(map).hasSize(images.length * lazyartist.data.Pixels.PIXELS);
                for (int i = 0; i < images.length; i++) {
                    int top = argmax(positions, i * per, per);
                    assertThat(positions[i * per + top]).isCloseTo(strongest[images[i] * sae.dSae() + feature],
                            org.assertj.core.data.Offset.offset(1e-5f));
                    if (positions[i * per + top] > 0) {
                        firing++;
                        int pixel = argmax(map, i * lazyartist.data.Pixels.PIXELS, lazyartist.data.Pixels.PIXELS);
                        int row = pixel / lazyartist.data.Pixels.SIDE / cell;
                        int column = pixel % lazyartist.data.Pixels.SIDE / cell;
                        assertThat(Math.abs(row - top / side)).isLessThanOrEqualTo(1);
                        assertThat(Math.abs(column - top % side)).isLessThanOrEqualTo(1);
                    }
                }
            }
            assertThat(firing).as("some of the features fire on some of the digits").isPositive();
        }
    }

    private static int argmax(float[] values, int from, int length) {
        int best = 0;
        for (int p = 1; p < length; p++) {
            if (values[from + p] > values[from + best]) {
                best = p;
            }
        }
        return best;
    }
}
