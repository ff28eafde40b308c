package lazyartist.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerateCommandTest {

    @TempDir
    Path tmp;

    private String runExpectingUserError(String... args) {
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(err, true), args);
        assertThat(code).isEqualTo(Main.USER_ERROR);
        return err.toString();
    }

    @Test
    void biasOutsideTheUnitIntervalIsRejectedBeforeAnyWork() {
        String err = runExpectingUserError("generate", "--out", tmp.toString(), "--bias", "1.5");
        assertThat(err.strip()).isEqualTo("error: --bias must be in [0, 1], got 1.5");
        assertThat(tmp.toFile().list()).isEmpty();
    }

    @Test
    void unknownHardPolicyListsTheChoices() {
        String err = runExpectingUserError("generate", "--out", tmp.toString(), "--hard-policy", "sometimes");
        assertThat(err).contains("--hard-policy").contains("NEVER").contains("SHIFT").contains("RANDOM")
                .contains("sometimes");
    }

    @Test
    void badPaletteFileIsOneLine() throws Exception {
        Path palette = tmp.resolve("p.json");
        java.nio.file.Files.writeString(palette, "{\"colours\": [{\"name\": \"red\", \"rgb\": [255, 0, 0]}]}");
        String err = runExpectingUserError("generate", "--out", tmp.resolve("o").toString(), "--palette",
                palette.toString());
        assertThat(err.strip()).startsWith("error: ").contains("exactly 10 colours").doesNotContain("\n");
    }
}
