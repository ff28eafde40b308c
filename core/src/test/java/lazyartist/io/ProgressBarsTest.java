package lazyartist.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import me.tongfei.progressbar.ProgressBar;
import org.junit.jupiter.api.Test;

class ProgressBarsTest {

    /** Written to a file (no terminal, as in a test JVM), a bar leaves one line: its final state. */
    @Test
    void withoutATerminalABarWritesOneFinalLine() throws Exception {
        assumeTrue(System.console() == null, "a test JVM has no terminal");
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try (ProgressBar bar = ProgressBars.create("steps", 3)) {
            for (int i = 0; i < 3; i++) {
                bar.step();
                Thread.sleep(600);
            }
        } finally {
            System.setErr(err);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        assertThat(out).doesNotContain("\r");
        assertThat(out.lines().toList()).hasSize(1);
        assertThat(out).contains("steps 100%").contains("3/3");
    }

    /** Renderings within a minute of the last printed line stay unprinted; closing prints the latest. */
    @Test
    void aLineAMinuteAndTheLastOnClose() {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        long[] now = {0};
        ProgressBars.LastLine line = new ProgressBars.LastLine(new PrintStream(captured, true, StandardCharsets.UTF_8),
                () -> now[0]);
        long second = 1_000_000_000L;
        line.accept("a 10%   ");
        now[0] = 59 * second;
        line.accept("a 20%");
        assertThat(captured.size()).isZero();
        now[0] = 61 * second;
        line.accept("a 30%");
        now[0] = 100 * second;
        line.accept("a 40%");
        now[0] = 110 * second;
        line.accept("a 50%   ");
        line.close();
        assertThat(captured.toString(StandardCharsets.UTF_8).lines().toList()).containsExactly("a 30%", "a 50%");
    }
}
