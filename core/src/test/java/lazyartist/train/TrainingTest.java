package lazyartist.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import lazyartist.LabException;
import lazyartist.TestData;
import lazyartist.data.ColoredDataset;
import lazyartist.data.Mode;
import lazyartist.model.ModelStore;
import lazyartist.model.Optimiser;
import lazyartist.model.Predictions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingTest {

    private static ColoredDataset data;

    @TempDir
    Path tmp;

    @BeforeAll
    static void generate() {
        data = TestData.dataset(Mode.BACKGROUND);
    }

    private static final Training.DataSource SOURCE = new Training.DataSource("subset", "test");

    private Training.Result train(TrainConfig config, Path dir, boolean resume) {
        return new Training(config, new CrossEntropy(), true).run(data.train(), data.val(), SOURCE, dir, "m", resume, "test");
    }

    @Test
    void lazyNetworkLearnsTheColourShortcut() {
        Training.Result result = train(TestData.adam("lazy", 4), tmp, false);
        assertThat(result.history()).hasSize(4);
        assertThat(result.history().get(3).loss()).isLessThan(result.history().get(0).loss());
        try (var manager = ai.djl.ndarray.NDManager.newBaseManager()) {
            ModelStore.Loaded loaded = ModelStore.load(tmp, manager);
            double val = Predictions.of(loaded.net(), data.val()).accuracy(data.val().labels());
            double hard = Predictions.of(loaded.net(), data.hard()).accuracy(data.hard().labels());
            // 95% of validation digits wear their colour; the hard split wears none.
            assertThat(val).isGreaterThan(0.85);
            assertThat(hard).isLessThan(val - 0.3);
            assertThat(val).isEqualTo((double) loaded.card().metrics().get("valAccuracy"));
        }
        assertThat(tmp.resolve(Training.CHECKPOINT)).doesNotExist();
        assertThat(result.card().trainedBatches()).isEqualTo(4L * ((data.train().size() + 63) / 64));
    }

    @Test
    void resumingAKilledRunEndsExactlyWhereAnUninterruptedOneDoes() throws IOException {
        // cosine: the resumed epoch must also pick up the learning rate where it was
        TrainConfig config = TestData.adam("lazy", 2).withSchedule(TrainConfig.Schedule.COSINE);
        train(config, tmp.resolve("straight"), false);

        Path killed = tmp.resolve("killed");
        killAfterFirstEpoch(config, killed);
        Training.Result resumed = train(config, killed, true);
        assertThat(resumed.history()).hasSize(2);
        assertThat(Files.readAllBytes(killed.resolve(ModelStore.PARAMS)))
                .isEqualTo(Files.readAllBytes(tmp.resolve("straight").resolve(ModelStore.PARAMS)));
    }

    @Test
    void cosineScheduleAnnealsTheLearningRateToZero() throws IOException {
        TrainConfig.Schedule cosine = TrainConfig.Schedule.COSINE;
        assertThat(cosine.factor(0)).isEqualTo(1.0);
        assertThat(cosine.factor(0.5)).isCloseTo(0.5, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(cosine.factor(1)).isCloseTo(0.0, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(TrainConfig.Schedule.CONSTANT.factor(0.7)).isEqualTo(1.0);
        TrainConfig constant = TestData.adam("lazy", 1);
        train(constant, tmp.resolve("constant"), false);
        train(constant.withSchedule(cosine), tmp.resolve("cosine"), false);
        assertThat(Files.readAllBytes(tmp.resolve("cosine").resolve(ModelStore.PARAMS)))
                .isNotEqualTo(Files.readAllBytes(tmp.resolve("constant").resolve(ModelStore.PARAMS)));
    }

    @Test
    void resumingWithOtherOptionsIsRefused() {
        TrainConfig config = TestData.adam("lazy", 2);
        killAfterFirstEpoch(config, tmp.resolve("m"));
        assertThatThrownBy(() -> train(config.withSeed(9), tmp.resolve("m"), true))
                .isInstanceOf(LabException.class).hasMessageContaining("other options");
    }

    /** Runs {@code config} and stops it the way a kill would, right after epoch 1's checkpoint. */
    private static void killAfterFirstEpoch(TrainConfig config, Path dir) {
        class Killed extends RuntimeException {}
        assertThatThrownBy(() -> new Training(config, new CrossEntropy(), true)
                .afterEpoch(record -> {
                    throw new Killed();
                })
                .run(data.train(), data.val(), SOURCE, dir, "m", false, "test")).isInstanceOf(Killed.class);
        assertThat(dir.resolve(Training.CHECKPOINT).resolve("state.json")).exists();
        assertThat(dir.resolve(ModelStore.CARD)).doesNotExist();
    }

    @Test
    void aConstantScheduleStopsEarlyButACosineOneRunsToItsEnd() {
        // A step too small to change any prediction: validation accuracy never improves after epoch 1.
        TrainConfig still = new TrainConfig("mlp", 4, 64, Optimiser.Kind.SGD, 1e-12, 0, 0, 1, 1,
                TrainConfig.Schedule.CONSTANT);
        assertThat(train(still, tmp.resolve("constant"), false).history()).hasSize(2);
        assertThat(train(still.withSchedule(TrainConfig.Schedule.COSINE), tmp.resolve("cosine"), false).history())
                .hasSize(4);
    }

    @Test
    void divergingTrainingStopsWithAClearMessage() {
        TrainConfig wild = new TrainConfig("lazy", 1, 64, Optimiser.Kind.SGD, 1e4, 0, 0.9, 1, 3,
                TrainConfig.Schedule.CONSTANT);
        assertThatThrownBy(() -> train(wild, tmp, false))
                .isInstanceOf(LabException.class).hasMessageContaining("diverged").hasMessageContaining("learningRate");
    }

    @Test
    void badOptionsAreRejected() {
        assertThatThrownBy(() -> TestData.adam("lazy", 0)).hasMessageContaining("epochs must be at least 1");
        assertThatThrownBy(() -> new TrainConfig("lazy", 1, 64, Optimiser.Kind.ADAM, -1, 0, 0.9, 1, 3,
                TrainConfig.Schedule.CONSTANT))
                .hasMessageContaining("learningRate");
    }
}
