package lazyartist.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Builds Colored-MNIST: the easy split (from MNIST train) where a fraction ρ of each digit's
 * samples wears the digit's colour, its stratified validation part, and the hard split (from MNIST
 * test) where the link is broken by a {@link HardPolicy}. Same MNIST and config, same bytes.
 */
public final class ColoredMnistGenerator {

    private static final long TRAIN_STREAM = 1;
    private static final long HARD_STREAM = 2;

    private ColoredMnistGenerator() {}

    /** Generates all three splits. */
    public static ColoredDataset generate(Mnist mnist, GeneratorConfig config) {
        SplittableRandom rng = new SplittableRandom(config.seed());
        int[] easyColours = easyColours(mnist.trainLabels(), config.bias(), rng);
        ColoredSplit easy = paint("easy", mnist.train().pixels(), mnist.trainLabels(), easyColours, config,
                TRAIN_STREAM);
        int[][] parts = stratifiedSplit(easy, config.valFraction(), rng);
        byte[] testLabels = mnist.testLabels();
        int[] hardColours = new int[testLabels.length];
        for (int i = 0; i < hardColours.length; i++) {
            hardColours[i] = config.hardPolicy().colourFor(testLabels[i], rng);
        }
        ColoredSplit hard = paint(ColoredDataset.HARD, mnist.test().pixels(), testLabels, hardColours, config,
                HARD_STREAM);
        return new ColoredDataset(config, easy.subset(ColoredDataset.TRAIN, parts[0]),
                easy.subset(ColoredDataset.VAL, parts[1]), hard);
    }

    /** Exactly round(ρ·n_d) samples of each digit d get colour d; the rest a uniform other colour. */
    static int[] easyColours(byte[] labels, double bias, SplittableRandom rng) {
        int[] colours = new int[labels.length];
        for (int digit = 0; digit < Palette.SIZE; digit++) {
            int[] members = indicesOf(labels, digit);
            shuffle(members, rng);
            long aligned = Math.round(bias * members.length);
            for (int k = 0; k < members.length; k++) {
                colours[members[k]] = k < aligned ? digit : otherColour(digit, rng);
            }
        }
        return colours;
    }

    /** A colour drawn uniformly from the nine that are not the digit's. */
    static int otherColour(int digit, SplittableRandom rng) {
        int c = rng.nextInt(Palette.SIZE - 1);
        return c >= digit ? c + 1 : c;
    }

    /**
     * Splits indices into {train, val}, holding out the same fraction of every (digit, aligned)
     * group so that both parts keep the bias. Each part is returned in ascending order.
     */
    static int[][] stratifiedSplit(ColoredSplit split, double valFraction, SplittableRandom rng) {
        List<Integer> train = new ArrayList<>();
        List<Integer> val = new ArrayList<>();
        for (int digit = 0; digit < Palette.SIZE; digit++) {
            for (boolean aligned : new boolean[] {true, false}) {
                int d = digit;
                int[] group = IntStream.range(0, split.size())
                        .filter(i -> split.labels()[i] == d && split.aligned(i) == aligned).toArray();
                shuffle(group, rng);
                long held = Math.round(valFraction * group.length);
                for (int k = 0; k < group.length; k++) {
                    (k < held ? val : train).add(group[k]);
                }
            }
        }
        return new int[][] {sorted(train), sorted(val)};
    }

    private static ColoredSplit paint(String name, byte[] grey, byte[] labels, int[] colours, GeneratorConfig config,
            long stream) {
        int n = labels.length;
        byte[] images = new byte[n * Pixels.VALUES];
        Painter painter = new Painter(config.mode(), config.palette());
        long base = Painter.mix(config.seed() * 31 + stream);
        IntStream.range(0, n).parallel().forEach(i -> painter.paint(grey, i * Pixels.PIXELS, colours[i],
                base + i * 0x9e3779b97f4a7c15L, images, i * Pixels.VALUES));
        int[] intLabels = new int[n];
        for (int i = 0; i < n; i++) {
            intLabels[i] = labels[i];
        }
        return new ColoredSplit(name, images, intLabels, colours, Arrays.copyOf(grey, n * Pixels.PIXELS));
    }

    private static int[] indicesOf(byte[] labels, int digit) {
        return IntStream.range(0, labels.length).filter(i -> labels[i] == digit).toArray();
    }

    private static void shuffle(int[] a, SplittableRandom rng) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    private static int[] sorted(List<Integer> list) {
        return list.stream().mapToInt(Integer::intValue).sorted().toArray();
    }
}
