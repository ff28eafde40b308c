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
    void anInferencePassWithFoldedBatchNormsAndPoolsBeforeReluGivesEveryStageTheUnfusedOutput() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(5);
            TappedNetwork net = ModelStore.initialised(Architecture.ROBUST, manager);
            // Running statistics and affine terms far from a fresh batch norm's 0 / 1, so that a wrong fold shows.
            for (String norm : java.util.List.of("bn1", "bn2", "bn3")) {
                for (var p : net.stage(norm).getParameters()) {
                    NDArray a = p.getValue().getArray();
                    NDArray drawn = p.getKey().equals("runningVar") ? manager.randomUniform(0.2f, 3f, a.getShape())
                            : manager.randomUniform(-1.5f, 1.5f, a.getShape());
                    Gradients.assign(a, drawn);
                }
            }
            ParameterStore ps = new ParameterStore(manager, false);
            NDArray x = manager.randomUniform(0, 1, new Shape(4, 3, 28, 28));
            Map<String, NDArray> stageByStage = net.taps(ps, x, false);
            for (String stage : java.util.List.of("bn1", "relu1", "pool1", "pool2", "relu3", "fc")) {
                NDArray fused = net.forwardTo(ps, x, stage, false);
                NDArray plain = stageByStage.get(stage);
                float scale = plain.abs().max().getFloat();
                assertThat(scale).as(stage).isGreaterThan(0.1f);
                assertThat(fused.sub(plain).abs().max().getFloat()).as(stage).isLessThan(1e-5f * scale);
            }
            assertThat(net.logits(ps, x, false).sub(stageByStage.get("fc")).abs().max().getFloat()).isLessThan(1e-4f);
            int before = manager.getManagedArrays().size();
            try (ai.djl.ndarray.NDScope ignored = new ai.djl.ndarray.NDScope()) {
                net.logits(ps, x, false);
            }
            assertThat(manager.getManagedArrays()).as("a scope frees every array of a fused pass").hasSize(before);
        }
    }

    @Test
    void anInputGradientInAFrozenScopeLeavesTheWeightsGradientsAloneAndMatchesTheUnfrozenOne() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(3);
            TappedNetwork net = ModelStore.initialised(Architecture.ROBUST, manager);
            NDArray x = manager.randomUniform(0, 1, new Shape(4, 3, 28, 28));
            java.util.function.Function<NDArray, NDArray> score = z -> z.get(":, 3").sum();
            // Batch-norm's running statistics never take a gradient: they stay detached throughout.
            java.util.List<Boolean> before = attachedOf(net);
            assertThat(before).contains(true, false);
            NDArray frozen;
            try (TappedNetwork.Frozen f = net.frozen()) {
                assertThat(attachedOf(net)).containsOnly(false);
                frozen = InputGradient.of(net, x, score).gradient();
            }
            assertThat(attachedOf(net)).isEqualTo(before);
            Gradients.zero(net);
            NDArray attached;
            try (ai.djl.training.GradientCollector c = Engine.getInstance().newGradientCollector()) {
                NDArray copy = x.duplicate();
                copy.setRequiresGradient(true);
                c.backward(score.apply(net.logits(new ParameterStore(manager, false), copy, false)));
                attached = copy.getGradient();
            }
            // The unfrozen pass filled the weights' gradients; the frozen one, the same input gradient.
            assertThat(net.getParameters().values()).anyMatch(p -> p.getArray().getGradient().abs().sum().getFloat() > 0);
            assertThat(frozen.sub(attached).abs().max().getFloat()).isLessThan(1e-6f);
        }
    }

    private static java.util.List<Boolean> attachedOf(TappedNetwork net) {
        return net.getParameters().values().stream().map(p -> p.getArray().hasGradient()).toList();
    }

    @Test
    void onlyResNetBatchesShrinkToKeepAnInferencePassInBudget() {
        for (Architecture a : Architecture.values()) {
            if (a != Architecture.RESNET18 && a.encoder() == a) {
                assertThat(a.build().batchFor(256)).as(a.key()).isEqualTo(256);
            }
        }
        // DisEnt's two encoders hold twice the RobustCNN's activations (590 KB an image), beyond 256 images.
        assertThat(Architecture.DISENT_ROBUST.build().batchFor(256)).isBetween(120, 140);
        // ~6.6 MB of activations an image by the estimate: 24 images in 160 MB.
        assertThat(Architecture.RESNET18.build().batchFor(256)).isBetween(18, 30);
        assertThat(Architecture.RESNET18.build().batchFor(8)).isEqualTo(8);
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
        assertThatThrownBy(() -> Architecture.of("vgg")).hasMessageContaining("lazy, coarse, pytorch-example");
    }

    @Test
    void disEntsTwinEncodersSitSideBySideAndExportUnderTheirOwnNames() {
        try (NDManager manager = NDManager.newBaseManager()) {
            TappedNetwork net = ModelStore.initialised(Architecture.DISENT_MLP, manager);
            TwinEncoder twin = (TwinEncoder) net.stage(Architecture.ENCODERS);
            NDArray x = manager.randomUniform(0, 1, new Shape(2, 3, 28, 28));
            ParameterStore ps = new ParameterStore(manager, false);
            NDArray features = net.forwardTo(ps, x, Architecture.ENCODERS, false);
            NDArray intrinsic = twin.intrinsic().logits(ps, x, false);
            NDArray bias = twin.bias().logits(ps, x, false);
            assertThat(features.getShape()).isEqualTo(new Shape(2, 200));
            assertThat(features.get(":, :100").sub(intrinsic).abs().max().getFloat()).isZero();
            assertThat(features.get(":, 100:").sub(bias).abs().max().getFloat()).isZero();
            // two separately initialised encoders, not one shared
            assertThat(intrinsic.sub(bias).abs().max().getFloat()).isGreaterThan(1e-3f);
            var state = TorchStateDict.of(net, 0);
            assertThat(state).containsKeys("encoders.intrinsic.fc1.weight", "encoders.bias.fc3.bias", "fc.weight");
            assertThat(state.get("fc.weight").shape()).containsExactly(10, 200);
        }
        assertThat(Architecture.ROBUST.twinned()).isEqualTo(Architecture.DISENT_ROBUST);
        assertThatThrownBy(Architecture.COARSE::twinned).hasMessageContaining("not on 'coarse'")
                .hasMessageContaining("mlp, authors-mlp, lazy, robust");
    }

    /** The first study's coarse CNN: a 4×4 grid of 7×7 patches, pooled to 2×2, a 96-feature head. */
    @Test
    void coarseStagesHaveTheShapesTheREADMEDescribes() {
        java.util.Map<String, long[]> shapes = new java.util.LinkedHashMap<>();
        Architecture.COARSE.build().stageShapes().forEach((stage, shape) -> shapes.put(stage, shape.getShape()));
        assertThat(shapes).containsOnlyKeys("conv1", "relu1", "pool", "conv2", "relu2", "flatten", "fc");
        assertThat(shapes.get("relu1")).containsExactly(1, 16, 4, 4);
        assertThat(shapes.get("pool")).containsExactly(1, 16, 2, 2);
        assertThat(shapes.get("relu2")).containsExactly(1, 24, 2, 2);
        assertThat(shapes.get("flatten")).containsExactly(1, 96);
        assertThat(shapes.get("fc")).containsExactly(1, 10);
        assertThat(Architecture.COARSE.lastSpatialStage()).contains("relu2");
    }
}
