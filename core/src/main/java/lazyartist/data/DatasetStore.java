package lazyartist.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import lazyartist.LabException;
import lazyartist.io.AtomicFiles;
import lazyartist.io.Hashing;
import lazyartist.io.Json;
import lazyartist.io.Npy;
import lazyartist.io.Versions;

/**
 * Data set folders on disk: {@code <dir>/<split>/{images,labels,colors,strokes}.npy} plus a
 * {@code manifest.json} per split. Each split folder appears whole or not at all.
 */
public final class DatasetStore {

    public static final String IMAGES = "images.npy";
    public static final String LABELS = "labels.npy";
    public static final String COLOURS = "colors.npy";
    public static final String STROKES = "strokes.npy";
    public static final String MANIFEST = "manifest.json";

    private DatasetStore() {}

    /** Writes every split of a data set below {@code dir}; {@code png} adds an ImageFolder tree. */
    public static void write(Path dir, ColoredDataset dataset, Map<String, String> mnistFingerprints,
            String command, boolean png) {
        for (ColoredSplit split : dataset.splits()) {
            AtomicFiles.writeFolder(dir.resolve(split.name()), folder -> {
                writeSplit(folder, split, dataset.config(), mnistFingerprints, command);
                if (png) {
                    writePngs(folder.resolve("png"), split);
                }
            });
        }
    }

    private static void writeSplit(Path folder, ColoredSplit split, GeneratorConfig config,
            Map<String, String> mnist, String command) {
        long n = split.size();
        Npy.write(folder.resolve(IMAGES), split.images(), n, Pixels.SIDE, Pixels.SIDE, Pixels.CHANNELS);
        Npy.write(folder.resolve(LABELS), toLongs(split.labels()), n);
        Npy.write(folder.resolve(COLOURS), toLongs(split.colours()), n);
        Npy.write(folder.resolve(STROKES), split.strokes(), n, Pixels.SIDE, Pixels.SIDE);
        Map<String, String> files = new LinkedHashMap<>();
        for (String name : new String[] {IMAGES, LABELS, COLOURS, STROKES}) {
            files.put(name, Hashing.sha256(folder.resolve(name)));
        }
        int[][] counts = split.countsByDigitAndColour();
        int[] perDigit = Arrays.stream(counts).mapToInt(row -> Arrays.stream(row).sum()).toArray();
        Json.write(folder.resolve(MANIFEST), new SplitManifest(split.name(), command, config.mode().key(),
                config.bias(), config.valFraction(), config.hardPolicy().key(), config.seed(),
                config.palette().names(), split.size(), perDigit, counts, split.alignedFraction(), files, mnist,
                Versions.all()));
    }

    private static void writePngs(Path root, ColoredSplit split) throws IOException {
        for (int d = 0; d < Palette.SIZE; d++) {
            Files.createDirectories(root.resolve(Integer.toString(d)));
        }
        for (int i = 0; i < split.size(); i++) {
            Path file = root.resolve(Integer.toString(split.labels()[i])).resolve(i + ".png");
            javax.imageio.ImageIO.write(toImage(split, i), "png", file.toFile());
        }
    }

    /** Sample i as an RGB image. */
    public static BufferedImage toImage(ColoredSplit split, int i) {
        BufferedImage img = new BufferedImage(Pixels.SIDE, Pixels.SIDE, BufferedImage.TYPE_INT_RGB);
        byte[] px = split.images();
        int base = i * Pixels.VALUES;
        for (int p = 0; p < Pixels.PIXELS; p++) {
            int o = base + p * 3;
            int rgb = (px[o] & 0xff) << 16 | (px[o + 1] & 0xff) << 8 | (px[o + 2] & 0xff);
            img.setRGB(p % Pixels.SIDE, p / Pixels.SIDE, rgb);
        }
        return img;
    }

    /** Reads one split folder, checking that its files agree with each other. */
    public static ColoredSplit read(Path dir, String name) {
        Path folder = dir.resolve(name);
        if (!Files.isDirectory(folder)) {
            throw new LabException("no split '" + name + "' in " + dir + ": generate the data first"
                    + " (lazy-artist generate --out " + dir.getParent() + ")");
        }
        Npy.Array images = Npy.read(folder.resolve(IMAGES));
        long[] shape = images.shape();
        if (shape.length != 4 || shape[1] != Pixels.SIDE || shape[2] != Pixels.SIDE || shape[3] != 3) {
            throw new LabException(folder.resolve(IMAGES) + " has shape " + Arrays.toString(shape)
                    + ", expected N×28×28×3");
        }
        int[] labels = toInts(Npy.read(folder.resolve(LABELS)).asLongs());
        int[] colours = toInts(Npy.read(folder.resolve(COLOURS)).asLongs());
        byte[] strokes = Npy.read(folder.resolve(STROKES)).asBytes();
        if (labels.length != shape[0] || colours.length != shape[0] || strokes.length != shape[0] * Pixels.PIXELS) {
            throw new LabException("the files in " + folder + " disagree on the sample count: generate it again");
        }
        return new ColoredSplit(name, images.asBytes(), labels, colours, strokes);
    }

    /** The manifest of one split. */
    public static SplitManifest manifest(Path dir, String name) {
        return Json.read(dir.resolve(name).resolve(MANIFEST), SplitManifest.class);
    }

    private static long[] toLongs(int[] a) {
        return Arrays.stream(a).asLongStream().toArray();
    }

    private static int[] toInts(long[] a) {
        return Arrays.stream(a).mapToInt(Math::toIntExact).toArray();
    }
}
