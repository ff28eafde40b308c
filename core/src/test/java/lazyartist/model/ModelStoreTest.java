package lazyartist.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lazyartist.LabException;
import lazyartist.io.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelStoreTest {

    @TempDir
    Path tmp;

    private static ModelCard card(Architecture a, TappedNetwork net) {
        return new ModelCard("m", a.key(), net.layers(), TappedNetwork.INPUT.getShape(), 7, Map.of(), Map.of(),
                Map.of(), "test", Map.of(), null, null);
    }

    private static Path saved(Path dir, Architecture a, NDManager manager) {
        TappedNetwork net = ModelStore.initialised(a, manager);
        ModelStore.save(dir, net, card(a, net));
        return dir;
    }

    @Test
    void savedModelLoadsWithIdenticalOutputs() {
        try (NDManager manager = NDManager.newBaseManager()) {
            TappedNetwork net = ModelStore.initialised(Architecture.ROBUST, manager);
            ModelStore.save(tmp, net, card(Architecture.ROBUST, net));
            ModelStore.Loaded loaded = ModelStore.load(tmp, manager);
            ParameterStore ps = new ParameterStore(manager, false);
            NDArray x = manager.randomUniform(0, 1, new Shape(2, 3, 28, 28));
            assertThat(loaded.net().logits(ps, x, false).toFloatArray()).containsExactly(net.logits(ps, x, false).toFloatArray());
            assertThat(loaded.card().trainedBatches()).isEqualTo(7);
        }
    }

    /** The keys and shapes torch.nn would put in the state_dict of the equivalent module. */
    @Test
    void lazySafetensorsIsExactlyATorchStateDict() {
        try (NDManager manager = NDManager.newBaseManager()) {
            saved(tmp, Architecture.LAZY, manager);
        }
        JsonNode header = Safetensors.readHeader(tmp.resolve(ModelStore.SAFETENSORS));
        Map<String, List<Long>> expected = new LinkedHashMap<>();
        expected.put("conv1.weight", List.of(6L, 3L, 9L, 9L));
        expected.put("conv1.bias", List.of(6L));
        expected.put("conv2.weight", List.of(8L, 6L, 7L, 7L));
        expected.put("conv2.bias", List.of(8L));
        expected.put("conv3.weight", List.of(16L, 8L, 3L, 3L));
        expected.put("conv3.bias", List.of(16L));
        expected.put("fc.weight", List.of(10L, 784L));
        expected.put("fc.bias", List.of(10L));
        assertThat(shapes(header)).isEqualTo(expected);
        assertThat(header.get("conv1.weight").get("dtype").asText()).isEqualTo("F32");
        assertThat(header.get("__metadata__").get("format").asText()).isEqualTo("pt");
    }

    @Test
    void coarseSafetensorsIsExactlyATorchStateDict() {
        try (NDManager manager = NDManager.newBaseManager()) {
            saved(tmp, Architecture.COARSE, manager);
        }
        Map<String, List<Long>> expected = new LinkedHashMap<>();
        expected.put("conv1.weight", List.of(16L, 3L, 7L, 7L));
        expected.put("conv1.bias", List.of(16L));
        expected.put("conv2.weight", List.of(24L, 16L, 3L, 3L));
        expected.put("conv2.bias", List.of(24L));
        expected.put("fc.weight", List.of(10L, 96L));
        expected.put("fc.bias", List.of(10L));
        assertThat(shapes(Safetensors.readHeader(tmp.resolve(ModelStore.SAFETENSORS)))).isEqualTo(expected);
    }

    @Test
    void robustAndResnetExportBatchNormBuffersUnderTorchNames() {
        try (NDManager manager = NDManager.newBaseManager()) {
            saved(tmp.resolve("r"), Architecture.ROBUST, manager);
            saved(tmp.resolve("n"), Architecture.RESNET18, manager);
        }
        Map<String, List<Long>> robust = shapes(Safetensors.readHeader(tmp.resolve("r").resolve(ModelStore.SAFETENSORS)));
        assertThat(robust.keySet()).containsExactly("conv1.weight", "conv1.bias", "bn1.weight", "bn1.bias",
                "bn1.running_mean", "bn1.running_var", "bn1.num_batches_tracked", "conv2.weight", "conv2.bias",
                "bn2.weight", "bn2.bias", "bn2.running_mean", "bn2.running_var", "bn2.num_batches_tracked",
                "conv3.weight", "conv3.bias", "bn3.weight", "bn3.bias", "bn3.running_mean", "bn3.running_var",
                "bn3.num_batches_tracked", "fc.weight", "fc.bias");
        assertThat(robust.get("bn1.num_batches_tracked")).isEmpty();
        assertThat(robust.get("fc.weight")).containsExactly(10L, 6272L);

        Map<String, List<Long>> resnet = shapes(Safetensors.readHeader(tmp.resolve("n").resolve(ModelStore.SAFETENSORS)));
        // torchvision's resnet18 has 122 state_dict entries with the 1000-class head; ours differs only in shapes.
        assertThat(resnet).hasSize(122);
        assertThat(resnet.get("conv1.weight")).containsExactly(64L, 3L, 3L, 3L);
        assertThat(resnet.get("layer2.0.downsample.0.weight")).containsExactly(128L, 64L, 1L, 1L);
        assertThat(resnet.get("layer4.1.bn2.running_var")).containsExactly(512L);
        assertThat(resnet.get("fc.weight")).containsExactly(10L, 512L);
        assertThat(resnet).doesNotContainKey("layer1.0.downsample.0.weight").doesNotContainKey("conv1.bias");
    }

    @Test
    void truncatedParametersAreReported() throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            saved(tmp, Architecture.LAZY, manager);
            Path params = tmp.resolve(ModelStore.PARAMS);
            byte[] bytes = Files.readAllBytes(params);
            Files.write(params, java.util.Arrays.copyOf(bytes, bytes.length / 2));
            assertThatThrownBy(() -> ModelStore.load(tmp, manager))
                    .isInstanceOf(LabException.class).hasMessageContaining("truncated or belongs to another architecture")
                    .hasMessageNotContaining("null");
        }
    }

    @Test
    void parametersOfAnotherArchitectureAreReported() throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            saved(tmp.resolve("lazy"), Architecture.LAZY, manager);
            saved(tmp.resolve("mlp"), Architecture.MLP, manager);
            Files.copy(tmp.resolve("mlp").resolve(ModelStore.PARAMS), tmp.resolve("lazy").resolve(ModelStore.PARAMS),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            assertThatThrownBy(() -> ModelStore.load(tmp.resolve("lazy"), manager))
                    .isInstanceOf(LabException.class).hasMessageContaining("another architecture");
        }
    }

    @Test
    void otherInputShapeAndEditedCardAreReported() throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            TappedNetwork net = ModelStore.initialised(Architecture.LAZY, manager);
            ModelCard c = card(Architecture.LAZY, net);
            ModelStore.save(tmp, net, new ModelCard(c.name(), c.architecture(), c.layers(), new long[] {1, 32, 32},
                    0, Map.of(), Map.of(), Map.of(), "x", Map.of(), null, null));
            assertThatThrownBy(() -> ModelStore.load(tmp, manager)).hasMessageContaining("[1, 32, 32]");
            List<Layer> layers = new ArrayList<>(c.layers());
            layers.remove(0);
            Json.write(tmp.resolve(ModelStore.CARD), new ModelCard(c.name(), "lazy", layers,
                    TappedNetwork.INPUT.getShape(), 0, Map.of(), Map.of(), Map.of(), "x", Map.of(), null, null));
            assertThatThrownBy(() -> ModelStore.load(tmp, manager)).hasMessageContaining("does not have");
            assertThatThrownBy(() -> ModelStore.load(tmp.resolve("none"), manager)).hasMessageContaining("train one first");
        }
    }

    private static Map<String, List<Long>> shapes(JsonNode header) {
        Map<String, List<Long>> out = new LinkedHashMap<>();
        header.fields().forEachRemaining(e -> {
            if (!e.getKey().equals("__metadata__")) {
                List<Long> dims = new ArrayList<>();
                e.getValue().get("shape").forEach(d -> dims.add(d.asLong()));
                out.put(e.getKey(), dims);
            }
        });
        return out;
    }
}
