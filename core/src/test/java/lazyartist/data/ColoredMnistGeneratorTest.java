package lazyartist.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import lazyartist.LabException;
import lazyartist.TestData;
import lazyartist.io.Hashing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class ColoredMnistGeneratorTest {

    @TempDir
    Path tmp;

    private static GeneratorConfig config(Mode mode, double bias, HardPolicy policy, long seed) {
        return new GeneratorConfig(mode, bias, 0.1, policy, seed, Palette.defaults());
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.5, 0.9, 0.95, 0.99})
    void easyAlignedFractionIsRho(double rho) {
        ColoredDataset d = ColoredMnistGenerator.generate(TestData.mnist(), config(Mode.BACKGROUND, rho, HardPolicy.NEVER, 1));
        assertThat(d.train().alignedFraction()).isCloseTo(rho, within(0.01));
        assertThat(d.val().alignedFraction()).isCloseTo(rho, within(0.01));
    }

    @Test
    void conflictingEasySamplesNeverWearTheirOwnColourByAccident() {
        ColoredDataset d = ColoredMnistGenerator.generate(TestData.mnist(), config(Mode.FOREGROUND, 0.0, HardPolicy.NEVER, 3));
        assertThat(d.train().alignedFraction()).isZero();
        int[][] counts = d.train().countsByDigitAndColour();
        // With ρ = 0 every digit spreads over the nine other colours.
        for (int digit = 0; digit < 10; digit++) {
            assertThat(counts[digit][digit]).isZero();
            assertThat(java.util.Arrays.stream(counts[digit]).filter(c -> c > 0).count()).isEqualTo(9);
        }
    }

    @Test
    void validationIsStratifiedAndDisjoint() {
        ColoredDataset d = TestData.dataset(Mode.BACKGROUND);
        assertThat(d.train().size() + d.val().size()).isEqualTo(2000);
        assertThat(d.val().size()).isBetween(190, 210);
        int[] perDigitVal = new int[10];
        for (int label : d.val().labels()) {
            perDigitVal[label]++;
        }
        int[] perDigitAll = new int[10];
        for (byte label : TestData.mnist().trainLabels()) {
            perDigitAll[label]++;
        }
        for (int digit = 0; digit < 10; digit++) {
            assertThat((double) perDigitVal[digit]).isCloseTo(0.1 * perDigitAll[digit], within(1.5));
        }
        // Every easy sample lands in exactly one part: the stroke bytes together are MNIST train's, reordered.
        assertThat(sortedSum(d.train().strokes()) + sortedSum(d.val().strokes()))
                .isEqualTo(sortedSum(TestData.mnist().train().pixels()));
    }

    @Test
    void hardNeverHasNoAlignedSample() {
        ColoredDataset d = ColoredMnistGenerator.generate(TestData.mnist(), config(Mode.BACKGROUND, 0.95, HardPolicy.NEVER, 5));
        assertThat(d.hard().size()).isEqualTo(500);
        assertThat(d.hard().alignedFraction()).isZero();
        assertThat(java.util.Arrays.stream(d.hard().colours()).distinct().count()).isEqualTo(10);
    }

    @Test
    void hardShiftAlwaysWearsTheNextDigitsColour() {
        ColoredSplit hard = ColoredMnistGenerator.generate(TestData.mnist(),
                config(Mode.FOREGROUND, 0.95, HardPolicy.SHIFT, 5)).hard();
        for (int i = 0; i < hard.size(); i++) {
            assertThat(hard.colours()[i]).isEqualTo((hard.labels()[i] + 1) % 10);
        }
    }

    @Test
    void hardRandomIsRoughlyUniform() {
        ColoredSplit hard = ColoredMnistGenerator.generate(TestData.mnist(),
                config(Mode.FOREGROUND, 0.95, HardPolicy.RANDOM, 5)).hard();
        assertThat(hard.alignedFraction()).isBetween(0.05, 0.16);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void sameSeedSameBytesOtherSeedOtherBytes(Mode mode) {
        ColoredDataset a = ColoredMnistGenerator.generate(TestData.mnist(), config(mode, 0.95, HardPolicy.NEVER, 7));
        ColoredDataset b = ColoredMnistGenerator.generate(TestData.mnist(), config(mode, 0.95, HardPolicy.NEVER, 7));
        ColoredDataset c = ColoredMnistGenerator.generate(TestData.mnist(), config(mode, 0.95, HardPolicy.NEVER, 8));
        for (int s = 0; s < 3; s++) {
            assertThat(Hashing.sha256(a.splits()[s].images())).isEqualTo(Hashing.sha256(b.splits()[s].images()));
            assertThat(Hashing.sha256(a.splits()[s].images())).isNotEqualTo(Hashing.sha256(c.splits()[s].images()));
        }
        assertThat(a.train().colours()).isEqualTo(b.train().colours()).isNotEqualTo(c.train().colours());
    }

    @Test
    void foregroundPaintsStrokesInTheColourAndBackgroundDark() {
        ColoredSplit train = TestData.dataset(Mode.FOREGROUND).train();
        double[] stroke = meanRgb(train, 0, true);
        double[] back = meanRgb(train, 0, false);
        int[] rgb = Palette.defaults().get(train.colours()[0]).rgb();
        for (int c = 0; c < 3; c++) {
            assertThat(stroke[c]).isCloseTo(rgb[c], within(12.0));
            assertThat(back[c]).isBetween(10.0, 25.0);
        }
    }

    @Test
    void backgroundPaintsTheBackgroundInTheColourAndStrokesLight() {
        ColoredSplit train = TestData.dataset(Mode.BACKGROUND).train();
        double[] stroke = meanRgb(train, 0, true);
        double[] back = meanRgb(train, 0, false);
        int[] rgb = Palette.defaults().get(train.colours()[0]).rgb();
        for (int c = 0; c < 3; c++) {
            assertThat(back[c]).isCloseTo(rgb[c], within(4.0));
            assertThat(stroke[c]).isBetween(Painter.STROKE_GREY_MIN - 1.0, 255.0);
        }
    }

    @Test
    void writtenFilesAreByteIdenticalForTheSameSeedAndCarryAManifest() throws IOException {
        ColoredDataset d = TestData.dataset(Mode.BACKGROUND);
        Map<String, String> fp = TestData.mnist().fingerprints();
        DatasetStore.write(tmp.resolve("a"), d, fp, "test", false);
        DatasetStore.write(tmp.resolve("b"), TestData.dataset(Mode.BACKGROUND), fp, "test", false);
        for (String split : new String[] {"train", "val", "hard"}) {
            for (String file : new String[] {DatasetStore.IMAGES, DatasetStore.LABELS, DatasetStore.COLOURS,
                    DatasetStore.STROKES, DatasetStore.MANIFEST}) {
                assertThat(Files.readAllBytes(tmp.resolve("a").resolve(split).resolve(file)))
                        .isEqualTo(Files.readAllBytes(tmp.resolve("b").resolve(split).resolve(file)));
            }
        }
        SplitManifest m = DatasetStore.manifest(tmp.resolve("a"), "train");
        assertThat(m.count()).isEqualTo(d.train().size());
        assertThat(m.alignedFraction()).isEqualTo(d.train().alignedFraction());
        assertThat(m.seed()).isEqualTo(42);
        assertThat(m.files().get(DatasetStore.IMAGES)).isEqualTo(Hashing.sha256(tmp.resolve("a/train/images.npy")));
        assertThat(m.mnist()).isEqualTo(fp);
        ColoredSplit back = DatasetStore.read(tmp.resolve("a"), "hard");
        assertThat(back.images()).isEqualTo(d.hard().images());
        assertThat(back.labels()).isEqualTo(d.hard().labels());
        assertThat(back.colours()).isEqualTo(d.hard().colours());
    }

    @Test
    void pngExportWritesOneFilePerSample() throws IOException {
        ColoredDataset d = TestData.dataset(Mode.FOREGROUND);
        DatasetStore.write(tmp, d, Map.of(), "test", true);
        for (ColoredSplit split : d.splits()) {
            try (Stream<Path> files = Files.walk(tmp.resolve(split.name()).resolve("png"))) {
                assertThat(files.filter(p -> p.toString().endsWith(".png")).count()).isEqualTo(split.size());
            }
        }
        assertThat(tmp.resolve("hard/png/7/0.png")).exists();
    }

    @Test
    void invalidConfigIsRejectedWithTheOptionName() {
        assertThatThrownBy(() -> config(Mode.BACKGROUND, 1.5, HardPolicy.NEVER, 1))
                .isInstanceOf(LabException.class).hasMessage("bias must be in [0, 1], got 1.5");
        assertThatThrownBy(() -> new GeneratorConfig(Mode.BACKGROUND, 0.9, 1.0, HardPolicy.NEVER, 1, Palette.defaults()))
                .hasMessageContaining("valFraction");
    }

    private static long sortedSum(byte[] bytes) {
        long sum = 0;
        for (byte b : bytes) {
            sum += b & 0xff;
        }
        return sum;
    }

    /** Mean RGB over a sample's near-full-intensity (≥ 250) stroke pixels or its empty background pixels. */
    private static double[] meanRgb(ColoredSplit split, int i, boolean strokes) {
        double[] sum = new double[3];
        int n = 0;
        for (int p = 0; p < Pixels.PIXELS; p++) {
            int g = split.strokes()[i * Pixels.PIXELS + p] & 0xff;
            if (strokes ? g >= 250 : g == 0) {
                for (int c = 0; c < 3; c++) {
                    sum[c] += split.images()[i * Pixels.VALUES + p * 3 + c] & 0xff;
                }
                n++;
            }
        }
        for (int c = 0; c < 3; c++) {
            sum[c] /= n;
        }
        return sum;
    }
}
