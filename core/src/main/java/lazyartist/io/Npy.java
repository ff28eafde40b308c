package lazyartist.io;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lazyartist.LabException;

/**
 * NumPy {@code .npy} files, format version 1.0, C order, little endian: what {@code numpy.load}
 * reads. Three element types cover the lab: uint8 images, int64 labels, float32 maps.
 */
public final class Npy {

    /** The element types the lab writes, with their NumPy descriptors. */
    public enum Type {
        UINT8("|u1", 1), INT64("<i8", 8), FLOAT32("<f4", 4);

        final String descr;
        final int size;

        Type(String descr, int size) {
            this.descr = descr;
            this.size = size;
        }
    }

    /** A loaded array: its type, shape and raw little-endian bytes. */
    public record Array(Type type, long[] shape, byte[] data) {

        /** The elements as bytes; only for uint8 arrays. */
        public byte[] asBytes() {
            require(Type.UINT8);
            return data;
        }

        /** The elements as longs; only for int64 arrays. */
        public long[] asLongs() {
            require(Type.INT64);
            long[] out = new long[data.length / 8];
            ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(out);
            return out;
        }

        /** The elements as floats; only for float32 arrays. */
        public float[] asFloats() {
            require(Type.FLOAT32);
            float[] out = new float[data.length / 4];
            ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
            return out;
        }

        private void require(Type expected) {
            if (type != expected) {
                throw new LabException("expected a " + expected.descr + " array but found " + type.descr);
            }
        }
    }

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr':\\s*'([^']+)'");
    private static final Pattern ORDER = Pattern.compile("'fortran_order':\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");

    private Npy() {}

    /** Writes a uint8 array atomically. */
    public static void write(Path file, byte[] data, long... shape) {
        writeRaw(file, Type.UINT8, data, shape);
    }

    /** Writes an int64 array atomically. */
    public static void write(Path file, long[] data, long... shape) {
        ByteBuffer buffer = ByteBuffer.allocate(data.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asLongBuffer().put(data);
        writeRaw(file, Type.INT64, buffer.array(), shape);
    }

    /** Writes a float32 array atomically. */
    public static void write(Path file, float[] data, long... shape) {
        ByteBuffer buffer = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(data);
        writeRaw(file, Type.FLOAT32, buffer.array(), shape);
    }

    private static void writeRaw(Path file, Type type, byte[] bytes, long[] shape) {
        long count = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        if (count * type.size != bytes.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " does not match "
                    + bytes.length / type.size + " elements");
        }
        byte[] header = header(type, shape);
        AtomicFiles.write(file, out -> {
            out.write(header);
            out.write(bytes);
        });
    }

    /** The magic, version and padded header dictionary for an array. */
    static byte[] header(Type type, long[] shape) {
        StringBuilder dims = new StringBuilder();
        for (long d : shape) {
            dims.append(d).append(", ");
        }
        String shapeText = shape.length == 1 ? dims.toString().trim() : dims.substring(0, dims.length() - 2);
        String dict = "{'descr': '" + type.descr + "', 'fortran_order': False, 'shape': (" + shapeText + "), }";
        // NumPy pads the header so that the data starts on a 64-byte boundary, ending in a newline.
        int unpadded = MAGIC.length + 2 + 2 + dict.length() + 1;
        int padding = (64 - unpadded % 64) % 64;
        String text = dict + " ".repeat(padding) + "\n";
        ByteBuffer out = ByteBuffer.allocate(MAGIC.length + 4 + text.length()).order(ByteOrder.LITTLE_ENDIAN);
        out.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) text.length());
        out.put(text.getBytes(StandardCharsets.US_ASCII));
        return out.array();
    }

    /** Reads a C-order .npy file of one of the lab's types. */
    public static Array read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new LabException("missing file " + file + ": generate the data first (lazy-artist generate)");
        }
        try (InputStream raw = Files.newInputStream(file);
                DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(raw, 1 << 16))) {
            byte[] magic = new byte[MAGIC.length];
            in.readFully(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new LabException(file + " is not a NumPy .npy file (bad magic)");
            }
            int major = in.readUnsignedByte();
            in.readUnsignedByte();
            int headerLength = major == 1
                    ? Short.toUnsignedInt(Short.reverseBytes(in.readShort()))
                    : Integer.reverseBytes(in.readInt());
            byte[] headerBytes = new byte[headerLength];
            in.readFully(headerBytes);
            String header = new String(headerBytes, StandardCharsets.US_ASCII);
            Type type = parseType(file, header);
            Matcher order = ORDER.matcher(header);
            if (order.find() && order.group(1).equals("True")) {
                throw new LabException(file + " is in Fortran order; save it in C order");
            }
            long[] shape = parseShape(file, header);
            long count = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
            byte[] data = new byte[Math.toIntExact(count * type.size)];
            in.readFully(data);
            return new Array(type, shape, data);
        } catch (java.io.EOFException e) {
            throw new LabException(file + " is truncated: generate it again");
        } catch (IOException e) {
            throw new LabException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static Type parseType(Path file, String header) {
        Matcher m = DESCR.matcher(header);
        if (m.find()) {
            for (Type t : Type.values()) {
                if (t.descr.equals(m.group(1))) {
                    return t;
                }
            }
        }
        throw new LabException(file + " has an unsupported element type; expected uint8, int64 or float32");
    }

    private static long[] parseShape(Path file, String header) {
        Matcher m = SHAPE.matcher(header);
        if (!m.find()) {
            throw new LabException(file + " has no shape in its header");
        }
        return Arrays.stream(m.group(1).split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .mapToLong(Long::parseLong)
                .toArray();
    }
}
