package lazyartist.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsTest {

    @TempDir
    Path tmp;

    @Test
    void theSameTensorsAndMetadataGiveTheSameBytesWhateverTheMapsOrder() throws IOException {
        Map<String, Safetensors.Tensor> tensors = Map.of("w", new Safetensors.Tensor("F32", new long[] {1}, new byte[4]));
        Map<String, String> forward = new LinkedHashMap<>();
        forward.put("architecture", "lazy");
        forward.put("name", "m");
        forward.put("format", "pt");
        Map<String, String> backward = new LinkedHashMap<>();
        backward.put("format", "pt");
        backward.put("name", "m");
        backward.put("architecture", "lazy");
        Safetensors.write(tmp.resolve("a.safetensors"), tensors, forward);
        Safetensors.write(tmp.resolve("b.safetensors"), tensors, backward);
        assertThat(Files.readAllBytes(tmp.resolve("a.safetensors"))).isEqualTo(Files.readAllBytes(tmp.resolve("b.safetensors")));
    }
}
