package lazyartist.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import lazyartist.TestData;
import lazyartist.data.DatasetStore;
import lazyartist.data.Mode;
import lazyartist.io.Json;
import lazyartist.model.Architecture;
import lazyartist.model.ModelStore;
import lazyartist.train.TrainConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train --arch A} with no other option trains A's own recipe, the one the study uses. */
class TrainCommandTest {

    @TempDir
    static Path tmp;

    @BeforeAll
    static void generate() {
        DatasetStore.write(tmp.resolve("foreground"), TestData.dataset(Mode.FOREGROUND), java.util.Map.of(), "test",
                false);
    }

    private static JsonNode trainedConfig(String name, String... options) {
        String[] base = {"train", "--data", tmp.resolve("foreground").toString(), "--models",
            tmp.resolve("models").toString(), "--name", name};
        String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(base), java.util.Arrays.stream(options))
                .toArray(String[]::new);
        assertThat(Main.run(args)).isZero();
        return Json.readTree(tmp.resolve("models").resolve(name).resolve(ModelStore.CARD)).get("training").get("config");
    }

    @Test
    void withoutOptionsTheArchitecturesRecipeIsUsed() {
        TrainConfig recipe = TrainConfig.defaults(Architecture.COARSE);
        JsonNode config = trainedConfig("coarse-default", "--arch", "coarse");
        assertThat(config.get("learningRate").asDouble()).isEqualTo(recipe.learningRate()).isEqualTo(1e-3);
        assertThat(config.get("epochs").asInt()).isEqualTo(recipe.epochs()).isEqualTo(2);
        assertThat(config.get("schedule").asText()).isEqualTo("COSINE");
        JsonNode lazy = trainedConfig("lazy-default", "--arch", "lazy", "--epochs", "1");
        assertThat(lazy.get("learningRate").asDouble()).isEqualTo(TrainConfig.defaults(Architecture.LAZY).learningRate())
                .isEqualTo(5e-5);
    }

    @Test
    void explicitOptionsOverrideTheRecipe() {
        JsonNode config = trainedConfig("coarse-override", "--arch", "coarse", "--epochs", "1", "--lr", "0.01",
                "--schedule", "constant");
        assertThat(config.get("epochs").asInt()).isEqualTo(1);
        assertThat(config.get("learningRate").asDouble()).isEqualTo(0.01);
        assertThat(config.get("schedule").asText()).isEqualTo("CONSTANT");
        assertThat(config.get("batchSize").asInt()).isEqualTo(TrainConfig.defaults(Architecture.COARSE).batchSize());
    }

    /** A model records its data relative to its own folder: the run folder can move. */
    @Test
    void aMovedRunFolderStillEvaluates() throws java.io.IOException {
        Path run = tmp.resolve("run");
        DatasetStore.write(run.resolve("data"), TestData.dataset(Mode.FOREGROUND), java.util.Map.of(), "test", false);
        assertThat(Main.run("train", "--data", run.resolve("data").toString(), "--models",
                run.resolve("models").toString(), "--name", "m", "--arch", "coarse", "--epochs", "1")).isZero();
        Path moved = java.nio.file.Files.move(run, tmp.resolve("moved"));
        assertThat(Main.run("evaluate", "--model", moved.resolve("models/m").toString(), "--splits", "val")).isZero();
        assertThat(moved.resolve("models/m/eval/metrics.json")).isRegularFile();
    }

    @Test
    void helpListsEveryArchitecturesRecipe() {
        StringWriter out = new StringWriter();
        Main.commandLine().getSubcommands().get("train").usage(new PrintWriter(out, true));
        String help = out.toString();
        assertThat(help).contains("lazy             adam lr 0.00005, cosine, 3 epochs, batch 64")
                .contains("coarse           adam lr 0.001, cosine, 2 epochs, batch 64")
                .contains("resnet18         sgd lr 0.01, constant, 1 epoch, batch 128, decay 0.0005");
        for (Architecture a : Architecture.values()) {
            assertThat(help).contains("  " + a.key() + " ");
        }
    }
}
