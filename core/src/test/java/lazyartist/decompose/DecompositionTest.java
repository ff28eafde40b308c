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
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray eye = m.eye(width);
            Map<String, Safetensors.Tensor> tensors = new java.util.LinkedHashMap<>();
            tensors.put("W_enc", Safetensors.Tensor.of(eye));
            tensors.put("b_enc", Safetensors.Tensor.of(m.zeros(new Shape(width))));
            tensors.put("W_dec", Safetensors.Tensor.of(eye));
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
        }
    }

    @Test
    void anEditThatChangesNothingGivesTheOriginalLogits() {
        for (Tokens tokens : Tokens.values()) {
            Stage stage = Stage.of(lazy, "relu3", tokens);
            float[] x = stage.trainingTokens(data.train().subset("s", IntStream.range(0, 300).toArray()), 49, 1);
            SaeOptions options = new SaeOptions(SparseAutoencoder.Kind.TOPK, 4, 0, 2, 1, 64, 1e-3, 1);
            try (SparseAutoencoder sae = SaeTraining.train(x, stage.width(), options, true).sae();
                    NDManager m = NDManager.newBaseManager()) {
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
        float[] x = stage.trainingTokens(data.train().subset("s", IntStream.range(0, 200).toArray()), 1, 1);
        SaeOptions options = new SaeOptions(SparseAutoencoder.Kind.TOPK, 8, 0, 2, 1, 64, 1e-3, 1);
        try (SparseAutoencoder sae = SaeTraining.train(x, stage.width(), options, true).sae()) {
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
}
