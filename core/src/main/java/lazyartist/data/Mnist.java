package lazyartist.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import lazyartist.LabException;
import lazyartist.io.Hashing;

/**
 * The grey MNIST digits: train and test images (28×28, row-major bytes) with their labels, and
 * the fingerprints of the files they came from.
 */
public record Mnist(Idx.Images train, byte[] trainLabels, Idx.Images test, byte[] testLabels,
        Map<String, String> fingerprints) {

    /** The four MNIST files by their canonical names. */
    public static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
    public static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
    public static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
    public static final String TEST_LABELS = "t10k-labels-idx1-ubyte";
    public static final String[] FILES = {TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS};

    public Mnist {
        check(train, trainLabels, "train");
        check(test, testLabels, "test");
    }

    /**
     * Reads the four files from a folder, each raw or with a {@code .gz} suffix. No checksum is
     * checked here; {@link MnistFetcher} does that for the real data set.
     */
    public static Mnist read(Path dir) {
        Path[] paths = new Path[FILES.length];
        for (int i = 0; i < FILES.length; i++) {
            paths[i] = find(dir, FILES[i]);
        }
        Idx.Images train = Idx.readImages(paths[0]);
        byte[] trainLabels = Idx.readLabels(paths[1]);
        Idx.Images test = Idx.readImages(paths[2]);
        byte[] testLabels = Idx.readLabels(paths[3]);
        Map<String, String> fingerprints = new LinkedHashMap<>();
        for (int i = 0; i < FILES.length; i++) {
            fingerprints.put(FILES[i], Hashing.sha256(paths[i]));
        }
        return new Mnist(train, trainLabels, test, testLabels, fingerprints);
    }

    /** The first {@code trainCount} training and {@code testCount} test digits (0 keeps all). */
    public Mnist head(int trainCount, int testCount) {
        return new Mnist(head(train, trainCount), headLabels(trainLabels, trainCount), head(test, testCount),
                headLabels(testLabels, testCount), fingerprints);
    }

    private static Idx.Images head(Idx.Images images, int count) {
        int n = count == 0 ? images.count() : Math.min(count, images.count());
        return new Idx.Images(n, images.rows(), images.cols(), java.util.Arrays.copyOf(images.pixels(), n * Pixels.PIXELS));
    }

    private static byte[] headLabels(byte[] labels, int count) {
        return java.util.Arrays.copyOf(labels, count == 0 ? labels.length : Math.min(count, labels.length));
    }

    /** The path of a named idx file in a folder, raw or gzipped. */
    static Path find(Path dir, String name) {
        Path raw = dir.resolve(name);
        Path gz = dir.resolve(name + ".gz");
        return Files.isRegularFile(raw) || !Files.isRegularFile(gz) ? raw : gz;
    }

    private static void check(Idx.Images images, byte[] labels, String part) {
        if (images.rows() != Pixels.SIDE || images.cols() != Pixels.SIDE) {
            throw new LabException("MNIST " + part + " images are " + images.rows() + "×" + images.cols()
                    + ", expected 28×28");
        }
        if (images.count() != labels.length) {
            throw new LabException("MNIST " + part + " has " + images.count() + " images but " + labels.length
                    + " labels: the files do not belong together");
        }
    }
}
