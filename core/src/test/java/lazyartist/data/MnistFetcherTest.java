package lazyartist.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import lazyartist.LabException;
import lazyartist.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MnistFetcherTest {

    @TempDir
    Path tmp;

    @Test
    void checksumMismatchNamesTheFile() throws IOException {
        for (String name : Mnist.FILES) {
            Files.copy(TestData.mnistDir().resolve(name + ".gz"), tmp.resolve(name + ".gz"));
        }
        // The subset is real MNIST but not the published files, so its checksums must not match.
        assertThatThrownBy(() -> new MnistFetcher(tmp.resolve("cache")).locate(tmp))
                .isInstanceOf(LabException.class)
                .hasMessageContaining("checksum mismatch")
                .hasMessageContaining(Mnist.TRAIN_IMAGES)
                .hasMessageContaining(MnistFetcher.SHA256.get(Mnist.TRAIN_IMAGES));
    }

    @Test
    void userFolderWithoutFilesIsRejected() {
        assertThatThrownBy(() -> new MnistFetcher(tmp.resolve("cache")).locate(tmp))
                .isInstanceOf(LabException.class)
                .hasMessageContaining("missing MNIST file");
    }

    @Test
    void tarReaderFindsNamedEntries() throws IOException {
        byte[] tar = new byte[512 * 4];
        byte[] name = "package/data/x".getBytes();
        System.arraycopy(name, 0, tar, 0, name.length);
        byte[] size = "00000000005\0".getBytes();
        System.arraycopy(size, 0, tar, 124, size.length);
        tar[156] = '0';
        System.arraycopy("hello".getBytes(), 0, tar, 512, 5);
        java.util.Map<String, byte[]> found = new java.util.HashMap<>();
        Tar.extract(new java.io.ByteArrayInputStream(tar), e -> e.endsWith("/x") ? "x" : null, found::put);
        assertThat(found).containsOnlyKeys("x");
        assertThat(new String(found.get("x"))).isEqualTo("hello");
    }
}
