package lazyartist.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import lazyartist.LabException;
import lazyartist.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxTest {

    @TempDir
    Path tmp;

    @Test
    void readsTheSubsetWithAllTenDigits() {
        Mnist mnist = TestData.mnist();
        assertThat(mnist.train().count()).isEqualTo(2000);
        assertThat(mnist.test().count()).isEqualTo(500);
        assertThat(mnist.train().pixels()).hasSize(2000 * 784);
        // MNIST's first training digit is a 5 and its first test digit a 7.
        assertThat(mnist.trainLabels()[0]).isEqualTo((byte) 5);
        assertThat(mnist.testLabels()[0]).isEqualTo((byte) 7);
        int[] seen = new int[10];
        for (byte b : mnist.trainLabels()) {
            seen[b]++;
        }
        assertThat(java.util.Arrays.stream(seen).min().getAsInt()).isGreaterThan(100);
    }

    @Test
    void rawAndGzippedFilesReadTheSame() throws IOException {
        Path raw = tmp.resolve("t10k-images-idx3-ubyte");
        Files.write(raw, gunzip(TestData.mnistDir().resolve("t10k-images-idx3-ubyte.gz")));
        assertThat(Idx.readImages(raw).pixels()).isEqualTo(TestData.mnist().test().pixels());
    }

    @Test
    void wrongMagicIsNamed() throws IOException {
        Path labels = TestData.mnistDir().resolve("t10k-labels-idx1-ubyte.gz");
        assertThatThrownBy(() -> Idx.readImages(labels))
                .isInstanceOf(LabException.class)
                .hasMessageContaining("not an MNIST image file")
                .hasMessageContaining("0x00000801");
    }

    @Test
    void truncatedFileIsReported() throws IOException {
        byte[] full = gunzip(TestData.mnistDir().resolve("t10k-images-idx3-ubyte.gz"));
        Path cut = tmp.resolve("cut");
        Files.write(cut, Arrays.copyOf(full, full.length - 100));
        assertThatThrownBy(() -> Idx.readImages(cut))
                .isInstanceOf(LabException.class)
                .hasMessageContaining("truncated");
    }

    @Test
    void corruptHeaderAndLabelsAreRejected() throws IOException {
        Path header = tmp.resolve("header");
        Files.write(header, ByteBuffer.allocate(16).putInt(Idx.IMAGES_MAGIC).putInt(-5).putInt(28).putInt(28).array());
        assertThatThrownBy(() -> Idx.readImages(header)).hasMessageContaining("corrupt header");

        Path labels = tmp.resolve("labels");
        Files.write(labels, ByteBuffer.allocate(10).putInt(Idx.LABELS_MAGIC).putInt(2).put((byte) 3).put((byte) 12).array());
        assertThatThrownBy(() -> Idx.readLabels(labels)).hasMessageContaining("label 12");
    }

    @Test
    void missingFileSaysWhatToDo() {
        assertThatThrownBy(() -> Mnist.read(tmp))
                .isInstanceOf(LabException.class)
                .hasMessageContaining("missing MNIST file")
                .hasMessageContaining("mnistDir");
    }

    @Test
    void mismatchedCountsAreRejected() throws IOException {
        for (String name : Mnist.FILES) {
            Files.copy(TestData.mnistDir().resolve(name + ".gz"), tmp.resolve(name + ".gz"));
        }
        Files.copy(TestData.mnistDir().resolve(Mnist.TEST_LABELS + ".gz"), tmp.resolve(Mnist.TRAIN_LABELS + ".gz"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThatThrownBy(() -> Mnist.read(tmp)).hasMessageContaining("2000 images but 500 labels");
    }

    static byte[] gunzip(Path file) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toByteArray();
        }
    }
}
