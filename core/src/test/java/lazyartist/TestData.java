package lazyartist;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import lazyartist.data.ColoredDataset;
import lazyartist.data.ColoredMnistGenerator;
import lazyartist.data.GeneratorConfig;
import lazyartist.data.Mnist;
import lazyartist.data.Mode;
import lazyartist.model.ModelStore;
import lazyartist.model.Optimiser;
import lazyartist.model.TappedNetwork;
import lazyartist.train.CrossEntropy;
import lazyartist.train.TrainConfig;
import lazyartist.train.Training;

/** The real MNIST subset kept in test resources, and Colored-MNIST made from it. */
public final class TestData {

    private static Mnist mnist;
    private static TappedNetwork lazy;

    private TestData() {}

    /** Folder with the four gzipped idx files of the subset. */
    public static Path mnistDir() {
        try {
            return Path.of(TestData.class.getResource("/mnist-subset/train-images-idx3-ubyte.gz").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** 2,000 train and 500 test digits, read once per JVM. */
    public static synchronized Mnist mnist() {
        if (mnist == null) {
            mnist = Mnist.read(mnistDir());
        }
        return mnist;
    }

    /**
     * A lazy CNN trained two epochs on the background subset, once per JVM; its arrays live as long
     * as the JVM.
     */
    public static synchronized TappedNetwork trainedLazy() {
        if (lazy == null) {
            try {
                Path dir = Files.createTempDirectory("lazy-artist-test-model");
                ColoredDataset data = dataset(Mode.BACKGROUND);
                new Training(adam("lazy", 2), new CrossEntropy(), true).run(data.train(),
                        data.val(), new Training.DataSource("subset", "test"), dir, "lazy", false, "test");
                lazy = ModelStore.load(dir, NDManager.newBaseManager()).net();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return lazy;
    }

    /** Adam at its usual step size, constant rate: quick to learn the small subset. */
    public static TrainConfig adam(String architecture, int epochs) {
        return new TrainConfig(architecture, epochs, 64, Optimiser.Kind.ADAM, 1e-3, 0, 0.9, 42,
                TrainConfig.DEFAULT_PATIENCE, TrainConfig.Schedule.CONSTANT);
    }

    /** Colored-MNIST of the subset with the default config of a mode. */
    public static ColoredDataset dataset(Mode mode) {
        return ColoredMnistGenerator.generate(mnist(), GeneratorConfig.defaults(mode));
    }
}
