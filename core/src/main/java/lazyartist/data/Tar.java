package lazyartist.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.BiConsumer;
import java.util.function.Function;

/** Minimal reader of (ustar) tar streams, enough to unpack an npm package. */
final class Tar {

    private static final int BLOCK = 512;

    private Tar() {}

    /**
     * Calls {@code sink} with the bytes of every regular file whose path {@code select} maps to a
     * non-null name.
     */
    static void extract(InputStream in, Function<String, String> select, BiConsumer<String, byte[]> sink)
            throws IOException {
        byte[] header = new byte[BLOCK];
        while (in.readNBytes(header, 0, BLOCK) == BLOCK && header[0] != 0) {
            String name = field(header, 0, 100);
            String prefix = field(header, 345, 155);
            if (!prefix.isEmpty()) {
                name = prefix + "/" + name;
            }
            String sizeText = field(header, 124, 12).trim();
            long size = sizeText.isEmpty() ? 0 : Long.parseLong(sizeText, 8);
            char type = (char) header[156];
            long padded = (size + BLOCK - 1) / BLOCK * BLOCK;
            String wanted = (type == '0' || type == 0) ? select.apply(name) : null;
            if (wanted != null) {
                byte[] data = in.readNBytes(Math.toIntExact(size));
                if (data.length != size) {
                    throw new IOException("archive truncated in " + name);
                }
                in.skipNBytes(padded - size);
                sink.accept(wanted, data);
            } else {
                in.skipNBytes(padded);
            }
        }
    }

    private static String field(byte[] header, int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.US_ASCII);
    }
}
