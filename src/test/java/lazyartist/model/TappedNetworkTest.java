package lazyartist.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class TappedNetworkTest {

    @ParameterizedTest
    @EnumSource(Architecture.class)
    void cuttingAtAnyStageGivesTheSameLogits(Architecture architecture) {
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(3);
            TappedNetwork net = ModelStore.initialised(architecture, manager);
            ParameterStore ps = new ParameterStore(manager, false);
            NDArray x = manager.randomUniform(0, 1, new Shape(4, 3, 28, 28));
            NDArray logits = net.logits(ps, x, false);
            assertThat(logits.getShape()).isEqualTo(new Shape(4, 10));
            Map<String, NDArray> taps = net.taps(ps, x, false);
            assertThat(taps.keySet()).containsExactlyElementsOf(net.stageNames());
            for (String stage : net.stageNames()) {
                NDArray at = net.forwardTo(ps, x, stage, false);
                assertThat(at.getShape()).isEqualTo(taps.get(stage).getShape());
                assertThat(at.getShape().slice(1)).isEqualTo(net.stageShapes().get(stage).slice(1));
                NDArray resumed = net.forwardFrom(ps, at, stage, false);
                assertThat(resumed.sub(logits).abs().max().getFloat()).isLessThan(1e-5f);
            }
        }
    }

    @Test
    void stagesAreNamedLikePyTorch() {
        assertThat(Architecture.LAZY.build().stageNames())
                .containsExactly("conv1", "relu1", "conv2", "relu2", "conv3", "relu3", "flatten", "fc");
        assertThat(Architecture.LAZY.lastSpatialStage()).contains("relu3");
        assertThat(Architecture.ROBUST.lastSpatialStage()).contains("relu3");
        assertThat(Architecture.RESNET18.lastSpatialStage()).contains("layer4");
        assertThat(Architecture.MLP.lastSpatialStage()).isEmpty();
        assertThatThrownBy(() -> Architecture.LAZY.build().indexOf("conv9")).hasMessageContaining("conv1, relu1");
        assertThatThrownBy(() -> Architecture.of("vgg")).hasMessageContaining("lazy, pytorch-example");
    }
}
