package lazyartist.decompose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import lazyartist.LabException;
import lazyartist.TestData;
import lazyartist.data.ColoredDataset;
import lazyartist.data.Mode;
import lazyartist.data.Palette;
import lazyartist.data.SplitDataset;
import lazyartist.model.TappedNetwork;
import lazyartist.task.DecomposeFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeatureSwitchesTest {

    @TempDir
    Path model;

    @Test
    void aSavedDecompositionOpensAndSwitchingNothingOffKeepsTheNetwork() throws IOException {
        TappedNetwork net = TestData.trainedLazy();
        ColoredDataset data = TestData.dataset(Mode.BACKGROUND);
        assertThat(FeatureSwitches.open(model, net)).isNull();
        SaeOptions options = new SaeOptions(SparseAutoencoder.Kind.TOPK, 8, 0, 2, 1, 64, 1e-3, 1);
        Decomposition.Result r = Decomposition.run(Stage.of(net, null, null), options, data.train(), data.val(),
                data.hard(), true);
        Path dir = SaeStore.dir(model, r.stage());
        Files.createDirectories(dir);
        SaeStore.write(dir, r, Map.of());
        DecomposeFiles.write(dir, "lazy", r, data.hard(), Palette.defaults(), Map.of());
        try (FeatureSwitches switches = FeatureSwitches.open(model, net);
                NDManager manager = NDManager.newBaseManager()) {
            assertThat(switches.stage()).isEqualTo(r.stage());
            assertThat(switches.size()).isEqualTo(2 * r.width());
            NDArray image = SplitDataset.images(manager, data.hard(), new int[] {0});
            List<FeatureSwitches.Active> active = switches.active(image, 100);
            assertThat(active).isNotEmpty().hasSizeLessThanOrEqualTo(8);
            for (int i = 1; i < active.size(); i++) {
                assertThat(active.get(i).activation()).isLessThanOrEqualTo(active.get(i - 1).activation());
            }
            assertThat(active).allSatisfy(a -> assertThat(a.label()).isIn("colour", "shape", "mixed", "dead"));
            float[] original = net.logits(new ParameterStore(manager, false), image, false).toFloatArray();
            assertThat(switches.logitsWithout(image, new int[0])).containsExactly(original,
                    org.assertj.core.data.Offset.offset(1e-4f));
            int[] all = active.stream().mapToInt(FeatureSwitches.Active::index).toArray();
            float[] without = switches.logitsWithout(image, all);
            double moved = 0;
            for (int c = 0; c < 10; c++) {
                moved += Math.abs(without[c] - original[c]);
            }
            assertThat(moved).as("switching every active feature off changes the logits").isGreaterThan(1e-3);
            assertThatThrownBy(() -> switches.logitsWithout(image, new int[] {switches.size()}))
                    .isInstanceOf(LabException.class).hasMessageContaining("does not exist");
            // The lab's pictures: one HWC image per feature, each rendered once.
            List<byte[]> pictures = switches.pictures(all);
            assertThat(pictures).hasSize(all.length).allSatisfy(p -> assertThat(p).hasSize(
                    lazyartist.data.Pixels.VALUES));
            assertThat(switches.pictures(new int[] {all[0]}).get(0)).isSameAs(pictures.get(0));
        }
        // The decomposition rendered its dashboard features, each above its start and the random control.
        assertThat(r.rendered()).isNotEmpty().allSatisfy(f -> assertThat(f.objective())
                .isGreaterThan(f.startObjective()).isGreaterThan(f.randomDirectionObjective()));
    }
}
