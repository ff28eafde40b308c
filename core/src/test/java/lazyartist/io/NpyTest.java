package lazyartist.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import lazyartist.LabException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyTest {

    @TempDir
    Path tmp;

    @Test
    void headerIsNumpyVersionOneAlignedTo64() throws IOException {
        Path file = tmp.resolve("a.npy");
        Npy.write(file, new byte[2 * 28 * 28 * 3], 2, 28, 28, 3);
        byte[] bytes = Files.readAllBytes(file);
        assertThat(Arrays.copyOf(bytes, 8)).containsExactly(0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0);
        int headerLength = (bytes[8] & 0xff) | (bytes[9] & 0xff) << 8;
        assertThat((10 + headerLength) % 64).isZero();
        String header = new String(bytes, 10, headerLength, StandardCharsets.US_ASCII);
        assertThat(header).startsWith("{'descr': '|u1', 'fortran_order': False, 'shape': (2, 28, 28, 3), }")
                .endsWith("\n");
        assertThat(bytes).hasSize(10 + headerLength + 2 * 28 * 28 * 3);
    }

    @Test
    void oneDimensionalShapeHasTrailingComma() {
        String header = new String(Npy.header(Npy.Type.INT64, new long[] {7}), StandardCharsets.US_ASCII);
        assertThat(header).contains("'descr': '<i8'").contains("'shape': (7,)");
    }

    @Test
    void roundTripsEveryType() {
        Npy.write(tmp.resolve("b.npy"), new byte[] {0, 1, (byte) 255}, 3);
        Npy.write(tmp.resolve("l.npy"), new long[] {-1, 5, Long.MAX_VALUE}, 3);
        Npy.write(tmp.resolve("f.npy"), new float[] {0.5f, -2f, 1e-7f, 3f}, 2, 2);
        assertThat(Npy.read(tmp.resolve("b.npy")).asBytes()).containsExactly(0, 1, (byte) 255);
        assertThat(Npy.read(tmp.resolve("l.npy")).asLongs()).containsExactly(-1, 5, Long.MAX_VALUE);
        Npy.Array f = Npy.read(tmp.resolve("f.npy"));
        assertThat(f.shape()).containsExactly(2, 2);
        assertThat(f.asFloats()).containsExactly(0.5f, -2f, 1e-7f, 3f);
    }

    @Test
    void shapeMismatchIsABug() {
        assertThatThrownBy(() -> Npy.write(tmp.resolve("x.npy"), new byte[5], 2, 2))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void truncatedAndForeignFilesAreReported() throws IOException {
        Path file = tmp.resolve("t.npy");
        Npy.write(file, new long[] {1, 2, 3}, 3);
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length - 4));
        assertThatThrownBy(() -> Npy.read(file)).isInstanceOf(LabException.class).hasMessageContaining("truncated");
        Files.writeString(file, "not numpy at all");
        assertThatThrownBy(() -> Npy.read(file)).isInstanceOf(LabException.class).hasMessageContaining("bad magic");
        assertThatThrownBy(() -> Npy.read(tmp.resolve("none.npy"))).hasMessageContaining("missing file");
    }

    @Test
    void wrongElementTypeIsRejected() {
        Npy.write(tmp.resolve("l.npy"), new long[] {1}, 1);
        assertThatThrownBy(() -> Npy.read(tmp.resolve("l.npy")).asBytes()).hasMessageContaining("expected a |u1");
    }
}
