package lazyartist.task;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import lazyartist.QuickStudy;
import lazyartist.data.Pixels;
import lazyartist.decompose.SaeStore;
import lazyartist.io.Json;
import lazyartist.io.Npy;
import lazyartist.model.ModelCard;
import lazyartist.model.ModelStore;
import lazyartist.model.Safetensors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every task service writes what its command documents (docs/commands.md), with shapes that agree
 * with its own JSON: checked on the quick study, which calls the services as the commands do.
 */
class TasksTest {

    private static Path models;
    private static Path cheater;

    @BeforeAll
    static void study() {
        Path run = QuickStudy.folder();
        models = run.resolve("models");
        cheater = models.resolve("lazy-background");
    }

    @Test
    void evaluateWritesMetricsMatricesAndTheProof() throws IOException {
        Path dir = cheater.resolve(EvaluateTask.FOLDER);
        JsonNode splits = Json.readTree(dir.resolve(EvaluationFiles.METRICS)).get("splits");
        for (String split : new String[] {"val", "hard"}) {
            assertThat(splits.get(split).get("count").asInt()).isPositive();
            for (String matrix : new String[] {"confusion-", "colour-prediction-"}) {
                assertThat(dir.resolve(matrix + split + ".csv")).isRegularFile();
                assertThat(dir.resolve(matrix + split + ".png")).isRegularFile();
            }
        }
        assertThat(dir.resolve(EvaluationFiles.PROOF)).isRegularFile();
    }

    @Test
    void probeWritesEveryStagesGrids() throws IOException {
        Path dir = cheater.resolve(ProbeTask.FOLDER);
        JsonNode stages = Json.readTree(dir.resolve(ProbeFiles.JSON)).get("stages");
        assertThat(stages.size()).isPositive();
        for (JsonNode s : stages) {
            assertThat(dir.resolve("top-" + s.get("stage").asText() + ".png")).isRegularFile();
            assertThat(dir.resolve("maximise-" + s.get("stage").asText() + ".png")).isRegularFile();
        }
    }

    @Test
    void explainWritesOneMapPerImageForEveryMethod() throws IOException {
        Path dir = cheater.resolve(ExplainTask.FOLDER);
        for (JsonNode m : Json.readTree(dir.resolve(ExplainFiles.JSON)).get("methods")) {
            String file = ExplainFiles.fileName(m.get("method").asText());
            Npy.Array maps = Npy.read(dir.resolve("maps-" + file + ".npy"));
            assertThat(maps.shape()).containsExactly(m.get("count").asLong(), Pixels.SIDE, Pixels.SIDE);
            assertThat(Npy.read(dir.resolve("indices-" + file + ".npy")).shape()).containsExactly(m.get("count").asLong());
        }
    }

    @Test
    void sanityWritesItsVerdictsCurvesAndGrid() throws IOException {
        Path dir = cheater.resolve(ExplainTask.FOLDER);
        JsonNode sanity = Json.readTree(dir.resolve(SanityFiles.JSON));
        assertThat(sanity.get("methods").size()).isPositive();
        for (JsonNode m : sanity.get("methods")) {
            assertThat(m.get("verdicts").has("cascade")).isTrue();
        }
        assertThat(dir.resolve(SanityFiles.CSV)).isRegularFile();
        assertThat(dir.resolve(SanityFiles.CURVES)).isRegularFile();
        assertThat(dir.resolve(SanityFiles.grid("gradcam"))).isRegularFile();
    }

    @Test
    void attackSavesEveryAttacksImagesAsUint8() throws IOException {
        Path dir = cheater.resolve(AttackTask.FOLDER);
        JsonNode attack = Json.readTree(dir.resolve(AttackFiles.JSON));
        long attacked = Npy.read(dir.resolve(AttackFiles.INDICES)).shape()[0];
        for (JsonNode norm : attack.get("norms")) {
            for (var a : (Iterable<Map.Entry<String, JsonNode>>) norm.get("attacks")::fields) {
                Npy.Array images = Npy.read(dir.resolve(a.getValue().get("file").asText()));
                assertThat(images.type()).isEqualTo(Npy.Type.UINT8);
                assertThat(images.shape()).containsExactly(attacked, Pixels.SIDE, Pixels.SIDE, Pixels.CHANNELS);
                assertThat(a.getValue().get("fooled")).hasSize((int) attacked);
            }
            assertThat(dir.resolve(AttackFiles.grid(norm.get("norm").asText()))).isRegularFile();
        }
    }

    @Test
    void debiasWritesItsTableAndModelsThatSayWhatTheyAre() throws IOException {
        Path table = models.getParent().resolve("debias/background");
        JsonNode methods = Json.readTree(table.resolve(DebiasTable.JSON)).get("methods");
        assertThat(table.resolve(DebiasTable.CHART)).isRegularFile();
        assertThat(table.resolve("debias.csv")).isRegularFile();
        for (JsonNode m : methods) {
            String method = m.get("method").asText();
            ModelCard card = Json.read(models.resolve(RunLayout.debiased(method, 42, lazyartist.data.Mode.BACKGROUND))
                    .resolve(ModelStore.CARD), ModelCard.class);
            assertThat(card.role()).isEqualTo(ModelCard.Role.DEBIASED);
            assertThat(card.method()).isEqualTo(method);
        }
    }

    @Test
    void decomposeWritesSaeLensTensorsOfTheConfiguredSize() throws IOException {
        String stage = Json.readTree(cheater.resolve(DecomposeTask.FOLDER).resolve(DecomposeFiles.DECOMPOSED))
                .get("stage").asText();
        Path dir = SaeStore.dir(cheater, stage);
        JsonNode cfg = Json.readTree(dir.resolve(SaeStore.CONFIG));
        long dIn = cfg.get("d_in").asLong();
        long dSae = cfg.get("d_sae").asLong();
        Map<String, Safetensors.Tensor> sae = Safetensors.read(dir.resolve(SaeStore.WEIGHTS));
        // The study's BatchTopK is saved as SAELens' JumpReLU: the four tensors and its threshold.
        assertThat(cfg.get("architecture").asText()).isEqualTo("jumprelu");
        assertThat(sae.keySet()).containsExactlyInAnyOrder("W_enc", "b_enc", "W_dec", "b_dec", "threshold");
        assertThat(sae.get("threshold").shape()).containsExactly(dSae);
        assertThat(sae.get("W_enc").shape()).containsExactly(dIn, dSae);
        assertThat(sae.get("W_dec").shape()).containsExactly(dSae, dIn);
        assertThat(dir.resolve(DecomposeFiles.JSON)).isRegularFile();
        assertThat(dir.resolve(DecomposeFiles.dashboard("colour"))).isRegularFile();
    }
}
