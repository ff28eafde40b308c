package lazyartist.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import lazyartist.TestData;
import lazyartist.data.ColoredDataset;
import lazyartist.data.Mode;
import lazyartist.model.Architecture;
import lazyartist.model.Gradients;
import lazyartist.model.ModelStore;
import lazyartist.model.SpatialDropout;
import lazyartist.model.TappedNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DebiasObjectivesTest {

    private static ColoredDataset data;

    @TempDir
    Path tmp;

    @BeforeAll
    static void generate() {
        data = TestData.dataset(Mode.BACKGROUND);
    }

    private Training.Result train(Objective objective, int epochs, Path dir) {
        return new Training(TestData.adam("lazy", epochs), objective, true).run(data.train(),
                data.val(), new Training.DataSource("subset", "test"), dir, "m", false, "test");
    }

    @Test
    void lambdaZeroReproducesPlainTraining() throws IOException {
        train(new CrossEntropy(), 1, tmp.resolve("ce"));
        train(new ColourGradientPenalty(0), 1, tmp.resolve("penalty"));
        train(new ChannelGradientLoss(0), 1, tmp.resolve("channel"));
        byte[] plain = Files.readAllBytes(tmp.resolve("ce").resolve(ModelStore.PARAMS));
        assertThat(Files.readAllBytes(tmp.resolve("penalty").resolve(ModelStore.PARAMS))).isEqualTo(plain);
        assertThat(Files.readAllBytes(tmp.resolve("channel").resolve(ModelStore.PARAMS))).isEqualTo(plain);
    }

    @Test
    void eachPenaltyTermDecreasesDuringTraining() {
        for (Objective objective : List.of(new ColourGradientPenalty(1e4), new ChannelGradientLoss(1e3))) {
            List<EpochRecord> history = train(objective, 4, tmp.resolve(objective.name())).history();
            double first = history.get(0).terms().get("penalty");
            double last = history.get(history.size() - 1).terms().get("penalty");
            assertThat(last).as(objective.name()).isLessThan(first);
            assertThat(history.get(0).terms()).containsKeys("ce", "penalty");
        }
    }

    @Test
    void thePenaltysGradientReachesTheParameters() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(2);
            TappedNetwork net = ModelStore.initialised(Architecture.LAZY, manager);
            ParameterStore ps = new ParameterStore(manager, false);
            NDArray x = manager.randomUniform(0, 1, new Shape(8, 3, 28, 28));
            NDArray y = manager.randomInteger(0, 10, new Shape(8), ai.djl.ndarray.types.DataType.INT64);
            float[] plain = conv1Gradient(net, ps, new CrossEntropy(), x, y);
            for (Objective penalised : List.of(new ColourGradientPenalty(1e4), new ChannelGradientLoss(1e4))) {
                float[] with = conv1Gradient(net, ps, penalised, x, y);
                double diff = 0;
                for (int i = 0; i < plain.length; i++) {
                    diff += Math.abs(with[i] - plain[i]);
                }
                assertThat(diff).as(penalised.name()).isGreaterThan(1e-6);
            }
        }
    }

    private static float[] conv1Gradient(TappedNetwork net, ParameterStore ps, Objective objective, NDArray images,
            NDArray labels) {
        NDArray x = images.duplicate();
        x.setRequiresGradient(true);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            // progress 1: the ramped penalty at full weight
            Objective.Step step = objective.step(new Objective.Batch(net, ps, x, labels, labels, labels, 1.0));
            Gradients.zero(net);
            collector.backward(step.loss());
        }
        return net.stage("conv1").getParameters().get("weight").getArray().getGradient().toFloatArray();
    }

    @Test
    void spatialDropoutDropsWholeMapsOnlyWhileTraining() {
        try (NDManager manager = NDManager.newBaseManager()) {
            SpatialDropout dropout = new SpatialDropout(0.5);
            NDArray x = manager.ones(new Shape(4, 16, 5, 5));
            ParameterStore ps = new ParameterStore(manager, false);
            float[] train = dropout.forward(ps, new ai.djl.ndarray.NDList(x), true).singletonOrThrow().toFloatArray();
            int dropped = 0;
            for (int map = 0; map < 4 * 16; map++) {
                float first = train[map * 25];
                assertThat(first).isIn(0f, 2f);
                for (int p = 1; p < 25; p++) {
                    assertThat(train[map * 25 + p]).isEqualTo(first);
                }
                dropped += first == 0 ? 1 : 0;
            }
            assertThat(dropped).isBetween(16, 48);
            assertThat(dropout.forward(ps, new ai.djl.ndarray.NDList(x), false).singletonOrThrow().toFloatArray())
                    .containsOnly(1f);
        }
    }
}
