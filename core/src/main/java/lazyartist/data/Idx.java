package lazyartist.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import lazyartist.LabException;
import lazyartist.OptionException;

/** Reader of the IDX files MNIST ships in, raw or gzip-compressed. */
public final class Idx {

    static final int IMAGES_MAGIC = 0x00000803;
    static final int LABELS_MAGIC = 0x00000801;

    /** Images as one row-major byte array of {@code count × rows × cols}. */
    public record Images(int count, int rows, int cols, byte[] pixels) {}

    private Idx() {}

    /** Reads an idx3 image file. */
    public static Images readImages(Path file) {
        try (DataInputStream in = open(file)) {
            checkMagic(file, in.readInt(), IMAGES_MAGIC, "image");
            int count = in.readInt();
            int rows = in.readInt();
            int cols = in.readInt();
            if (count < 0 || rows <= 0 || cols <= 0) {
                throw new LabException(file + " has a corrupt header (" + count + "×" + rows + "×" + cols
                        + "): fetch MNIST again");
            }
            byte[] pixels = new byte[Math.multiplyExact(Math.multiplyExact(count, rows), cols)];
            in.readFully(pixels);
            return new Images(count, rows, cols, pixels);
        } catch (EOFException e) {
            throw truncated(file);
        } catch (IOException e) {
            throw new LabException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads an idx1 label file. */
    public static byte[] readLabels(Path file) {
        try (DataInputStream in = open(file)) {
            checkMagic(file, in.readInt(), LABELS_MAGIC, "label");
            int count = in.readInt();
            if (count < 0) {
                throw new LabException(file + " has a corrupt header (count " + count + "): fetch MNIST again");
            }
            byte[] labels = new byte[count];
            in.readFully(labels);
            for (byte label : labels) {
                if (label < 0 || label > 9) {
                    throw new LabException(file + " holds label " + label + ", not a digit: fetch MNIST again");
                }
            }
            return labels;
        } catch (EOFException e) {
            throw truncated(file);
        } catch (IOException e) {
            throw new LabException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static DataInputStream open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new OptionException("missing MNIST file " + file + ": name a folder with the four idx files"
                    + " ({mnistDir}) or let the lab fetch them");
        }
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        in.mark(2);
        int b1 = in.read();
        int b2 = in.read();
        in.reset();
        if (b1 == 0x1f && b2 == 0x8b) {
            in = new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16);
        }
        return new DataInputStream(in);
    }

    private static void checkMagic(Path file, int magic, int expected, String kind) {
        if (magic != expected) {
            throw new LabException(String.format("%s is not an MNIST %s file (magic 0x%08x, expected 0x%08x)",
                    file, kind, magic, expected));
        }
    }

    private static LabException truncated(Path file) {
        return new LabException(file + " is truncated: delete it and fetch MNIST again");
    }
}
