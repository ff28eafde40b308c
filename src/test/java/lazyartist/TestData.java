package lazyartist;

import java.net.URISyntaxException;
import java.nio.file.Path;
import lazyartist.data.ColoredDataset;
import lazyartist.data.ColoredMnistGenerator;
import lazyartist.data.GeneratorConfig;
import lazyartist.data.Mnist;
import lazyartist.data.Mode;

/** The real MNIST subset kept in test resources, and Colored-MNIST made from it. */
public final class TestData {

    private static Mnist mnist;

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

    /** Colored-MNIST of the subset with the default config of a mode. */
    public static ColoredDataset dataset(Mode mode) {
        return ColoredMnistGenerator.generate(mnist(), GeneratorConfig.defaults(mode));
    }
}
