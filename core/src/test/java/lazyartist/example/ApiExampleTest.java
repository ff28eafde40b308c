package lazyartist.example;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import lazyartist.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiExampleTest {

    private static final Path SOURCE = Path.of("src/test/java/lazyartist/example/ApiExample.java");
    private static final String BEGIN = "    // README example: begin\n";
    private static final String END = "    // README example: end\n";

    @Test
    void theReadmeShowsTheExampleAsCompiled() throws IOException {
        String source = Files.readString(SOURCE);
        String example = source.substring(source.indexOf(BEGIN) + BEGIN.length(), source.indexOf(END))
                .stripTrailing().stripIndent().strip();
        assertThat(example).contains("Training").contains("Evaluation.run");
        assertThat(Files.readString(Path.of("../README.md"))).contains(example);
    }

    @Test
    void theExampleTrainsACheater(@TempDir Path dir) {
        double[] accuracy = ApiExample.cheat(TestData.mnist(), TestData.adam("lazy", 2), dir.resolve("model"));
        // Easy validation is 95% colour-aligned, the hard split never is: a colour reader falls between them.
        assertThat(accuracy[0]).isGreaterThan(0.8);
        assertThat(accuracy[0] - accuracy[1]).isGreaterThan(0.3);
        assertThat(dir.resolve("model/model.safetensors")).isRegularFile();
    }
}
