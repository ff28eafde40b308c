package lazyartist.lab;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import lazyartist.TestData;
import lazyartist.data.ColoredDataset;
import lazyartist.data.ColoredMnistGenerator;
import lazyartist.data.GeneratorConfig;
import lazyartist.data.HardPolicy;
import lazyartist.data.Mode;
import lazyartist.data.Palette;
import lazyartist.model.Architecture;
import lazyartist.model.ModelStore;
import lazyartist.model.TappedNetwork;
import lazyartist.train.CrossEntropy;
import lazyartist.train.Training;

/**
 * A lab over two lazy networks of the background subset: a cheater that has only seen each digit in
 * its own colour, and one trained on digits whose colour says nothing (every colour equally likely),
 * which reads shape.
 */
final class LabFixture {

    private static Lab lab;

    private LabFixture() {}

    static synchronized Lab lab() {
        if (lab == null) {
            ColoredDataset data = TestData.dataset(Mode.BACKGROUND);
            String cam = Architecture.of("lazy").lastSpatialStage().orElseThrow();
            lab = new Lab(Mode.BACKGROUND, Palette.defaults(), Map.of(ColoredDataset.VAL, data.val(),
                    ColoredDataset.HARD, data.hard()), List.of(
                    new Lab.Model("cheater", "lazy", false, trained("cheater", 1.0, 6), cam, null),
                    new Lab.Model("shape-reader", "lazy", true, trained("shape-reader", 0.1, 6), cam, null)),
                    NDManager.newBaseManager());
        }
        return lab;
    }

    /** A lazy network trained on the subset painted with this bias. */
    private static TappedNetwork trained(String name, double bias, int epochs) {
        try {
            Path dir = Files.createTempDirectory("lazy-artist-test-model");
            ColoredDataset data = ColoredMnistGenerator.generate(TestData.mnist(), new GeneratorConfig(Mode.BACKGROUND,
                    bias, GeneratorConfig.DEFAULT_VAL_FRACTION, HardPolicy.NEVER, 7, Palette.defaults()));
            new Training(TestData.adam("lazy", epochs), new CrossEntropy(), true).run(data.train(), data.val(),
                    new Training.DataSource("subset-" + name, "test"), dir, name, false, "test");
            return ModelStore.load(dir, NDManager.newBaseManager()).net();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
