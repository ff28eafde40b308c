package lazyartist.benchmark;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import lazyartist.OptionException;
import lazyartist.data.ColoredDataset;
import lazyartist.data.ColoredSplit;
import lazyartist.data.GeneratorConfig;
import lazyartist.data.HardPolicy;
import lazyartist.data.Mnist;
import lazyartist.data.Mode;
import lazyartist.data.Palette;
import lazyartist.data.Pixels;

/**
 * Colored MNIST as Learning from Failure makes it (alinlab/LfF: {@code make_dataset.py},
 * {@code data/colored_mnist_protocol.py}, {@code data/resource/colors.th}): the digit's strokes
 * multiplied by one colour per image, the colour's mean per colour label with Gaussian jitter whose
 * standard deviation the severity sets, clamped to [0, 1], the product truncated to a byte; black
 * background. Colour labels are assigned in MNIST's order within each digit by the authors'
 * rounding: the aligned share first wherever the digit's own colour falls in 0..9, the rest split
 * evenly over the nine others. The test set (our {@code hard} split) is MNIST's test set with 10%
 * aligned. One change: a validation split, held out of MNIST's training digits (stratified per
 * digit) and coloured like training, which the authors do not have.
 */
public final class LffProtocol {

    public static final String NAME = "lff-colored-mnist";

    /** The authors' {@code colors.th}: the mean colour of each colour label, RGB in [0, 1]. */
    static final float[][] MEAN_COLOURS = {
        {0.98368233f, 0.31251901f, 0.16857535f}, {0.99052966f, 0.91560525f, 0.35151219f},
        {0.67296398f, 0.46107048f, 0.57980818f}, {0.78325194f, 0.83155590f, 0.60132939f},
        {0.08801579f, 0.77796334f, 0.98180777f}, {0.32139337f, 0.96105456f, 0.44644988f},
        {0.02461588f, 0.23565048f, 0.75866628f}, {0.55524695f, 0.10158014f, 0.76176316f},
        {0.20772320f, 0.39294851f, 0.01870239f}, {0.83365762f, 0.20240927f, 0.26694310f}};
    private static final String[] COLOUR_NAMES = {"vermilion", "yellow", "mauve", "sage", "sky", "green", "blue",
        "purple", "olive", "crimson"};
    /** The jitter's standard deviation per severity 1..5 ({@code std_color} in the protocol). */
    static final double[] JITTER = {0.05, 0.02, 0.01, 0.005, 0.002};
    /** The test set's aligned share. */
    static final double TEST_ALIGNED = 0.1;

    private static final long TRAIN_STREAM = 11;
    private static final long VAL_STREAM = 12;
    private static final long TEST_STREAM = 13;

    /**
     * @param conflicting share of bias-conflicting training digits, in (0, 1)
     * @param severity 1..4, the published tables' range (the authors' file has a fifth, never reported)
     */
    public record Settings(double conflicting, int severity, double valFraction, long seed) {
        public Settings {
            if (!(conflicting > 0 && conflicting < 1)) {
                throw new OptionException("{conflicting} must be a share above 0% and below 100%, got "
                        + 100 * conflicting + "%");
            }
            if (severity < 1 || severity > 4) {
                throw new OptionException("{severity} must be 1, 2, 3 or 4, got " + severity);
            }
            if (!(valFraction >= 0 && valFraction < 1)) {
                throw new OptionException("{valFraction} must be in [0, 1), got " + valFraction);
            }
        }

        /** The folder name of the data set: share in per cent and severity. */
        public String key() {
            return String.format(java.util.Locale.ROOT, "conflicting-%s-severity-%d",
                    BenchmarkTable.percent(conflicting), severity);
        }
    }

    private LffProtocol() {}

    /** The palette of the mean colours, rounded to bytes: how reports draw them. */
    public static Palette palette() {
        List<Palette.Colour> colours = new ArrayList<>();
        for (int c = 0; c < Palette.SIZE; c++) {
            int[] rgb = new int[3];
            for (int k = 0; k < 3; k++) {
                rgb[k] = Math.round(255 * MEAN_COLOURS[c][k]);
            }
            colours.add(new Palette.Colour(COLOUR_NAMES[c], rgb));
        }
        return new Palette(colours);
    }

    /** Train, val and test ({@code hard}) splits. */
    public static ColoredDataset make(Mnist mnist, Settings s) {
        int[] trainLabels = ints(mnist.trainLabels());
        int[][] parts = holdOut(trainLabels, s.valFraction(), new SplittableRandom(s.seed()));
        ColoredSplit train = paint(ColoredDataset.TRAIN, mnist.train().pixels(), trainLabels, parts[0],
                1 - s.conflicting(), s, TRAIN_STREAM);
        ColoredSplit val = paint(ColoredDataset.VAL, mnist.train().pixels(), trainLabels, parts[1], 1 - s.conflicting(),
                s, VAL_STREAM);
        int[] testLabels = ints(mnist.testLabels());
        ColoredSplit test = paint(ColoredDataset.HARD, mnist.test().pixels(), testLabels,
                IntStream.range(0, testLabels.length).toArray(), TEST_ALIGNED, s, TEST_STREAM);
        GeneratorConfig config = new GeneratorConfig(Mode.FOREGROUND, 1 - s.conflicting(), s.valFraction(),
                HardPolicy.RANDOM, s.seed(), palette());
        return new ColoredDataset(config, train, val, test);
    }

    /**
     * The authors' {@code make_attr_labels}: per digit, cumulative shares of the colour labels
     * (aligned share on the digit's own colour, the rest evenly) times the digit's count, rounded to
     * milestones; the k-th sample of the digit (in order) gets the first colour whose milestone
     * exceeds k.
     */
    static int[] colourLabels(int[] labels, double alignedShare) {
        int[] colours = new int[labels.length];
        for (int digit = 0; digit < Palette.SIZE; digit++) {
            int d = digit;
            int[] members = IntStream.range(0, labels.length).filter(i -> labels[i] == d).toArray();
            double[] milestones = new double[Palette.SIZE];
            double cumulative = 0;
            for (int c = 0; c < Palette.SIZE; c++) {
                cumulative += c == digit ? alignedShare : (1 - alignedShare) / (Palette.SIZE - 1);
                milestones[c] = Math.rint(members.length * cumulative);
            }
            for (int k = 0; k < members.length; k++) {
                int c = 0;
                while (c < Palette.SIZE - 1 && milestones[c] <= k) {
                    c++;
                }
                colours[members[k]] = c;
            }
        }
        return colours;
    }

    /** {train, val} indices: round(fraction · n_d) random digits of each class held out, both in MNIST's order. */
    static int[][] holdOut(int[] labels, double fraction, SplittableRandom rng) {
        boolean[] held = new boolean[labels.length];
        for (int digit = 0; digit < Palette.SIZE; digit++) {
            int d = digit;
            int[] members = IntStream.range(0, labels.length).filter(i -> labels[i] == d).toArray();
            for (int i = members.length - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                int t = members[i];
                members[i] = members[j];
                members[j] = t;
            }
            long count = Math.round(fraction * members.length);
            for (int k = 0; k < count; k++) {
                held[members[k]] = true;
            }
        }
        return new int[][] {IntStream.range(0, labels.length).filter(i -> !held[i]).toArray(),
            IntStream.range(0, labels.length).filter(i -> held[i]).toArray()};
    }

    private static ColoredSplit paint(String name, byte[] grey, int[] allLabels, int[] indices, double alignedShare,
            Settings s, long stream) {
        int n = indices.length;
        int[] labels = new int[n];
        for (int k = 0; k < n; k++) {
            labels[k] = allLabels[indices[k]];
        }
        int[] colours = colourLabels(labels, alignedShare);
        byte[] images = new byte[n * Pixels.VALUES];
        byte[] strokes = new byte[n * Pixels.PIXELS];
        double std = JITTER[s.severity() - 1];
        for (int k = 0; k < n; k++) {
            SplittableRandom rng = new SplittableRandom(s.seed() * 1_000_003L + stream * 100_003L + k);
            float[] colour = colour(colours[k], std, rng);
            int from = indices[k] * Pixels.PIXELS;
            System.arraycopy(grey, from, strokes, k * Pixels.PIXELS, Pixels.PIXELS);
            for (int p = 0; p < Pixels.PIXELS; p++) {
                float raw = grey[from + p] & 0xff;
                for (int c = 0; c < Pixels.CHANNELS; c++) {
                    // np.uint8 of the float product truncates toward zero.
                    images[k * Pixels.VALUES + p * Pixels.CHANNELS + c] = (byte) (int) (colour[c] * raw);
                }
            }
        }
        return new ColoredSplit(name, images, labels, colours, strokes);
    }

    /** One image's colour: the label's mean plus N(0, std²) per channel, clamped to [0, 1]. */
    static float[] colour(int label, double std, SplittableRandom rng) {
        float[] out = new float[3];
        for (int c = 0; c < 3; c++) {
            double jitter = gaussian(rng) * std;
            out[c] = (float) Math.min(1, Math.max(0, MEAN_COLOURS[label][c] + jitter));
        }
        return out;
    }

    private static double gaussian(SplittableRandom rng) {
        // Box–Muller: SplittableRandom has no nextGaussian in Java 17.
        double u = 1 - rng.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.nextDouble());
    }

    private static int[] ints(byte[] bytes) {
        int[] out = new int[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            out[i] = bytes[i];
        }
        return out;
    }
}
