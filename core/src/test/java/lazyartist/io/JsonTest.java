package lazyartist.io;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Numbers that were not measured are null in the files, never the string "NaN", and read back as NaN. */
class JsonTest {

    record Scores(String name, double measured, double missing, Double boxed, float[] curve, double[] values) {}

    @TempDir
    Path tmp;

    @Test
    void nonFiniteNumbersAreWrittenAsNullAndReadBackAsNaN() throws Exception {
        Scores s = new Scores("x", 0.5, Double.NaN, Double.POSITIVE_INFINITY, new float[] {1f, Float.NaN},
                new double[] {Double.NaN, 2});
        Path file = tmp.resolve("s.json");
        Json.write(file, s);
        String text = java.nio.file.Files.readString(file, StandardCharsets.UTF_8);
        assertThat(text).doesNotContain("NaN").doesNotContain("Infinity");
        // A strict parser (Jackson's default rejects NaN tokens) reads it.
        var tree = new ObjectMapper().readTree(text);
        assertThat(tree.get("missing").isNull()).isTrue();
        assertThat(tree.get("curve").get(1).isNull()).isTrue();
        Scores back = Json.read(file, Scores.class);
        assertThat(back.measured()).isEqualTo(0.5);
        assertThat(back.missing()).isNaN();
        assertThat(back.boxed()).isNaN();
        assertThat(back.values()[1]).isEqualTo(2);
    }
}
