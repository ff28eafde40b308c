package lazyartist.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepCommandTest {

    @TempDir
    Path tmp;

    /** Runs the command and returns its exit code, standard output and standard error. */
    private static String[] run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int code = SweepCommand.run(args);
            return new String[] {Integer.toString(code), o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8)};
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    /**
     * The error lines of standard error, after checking it holds no stack trace (in the tests, SLF4J may
     * add a line about the two logging providers on the class path, the core's and Spark's).
     */
    private static java.util.List<String> errors(String err) {
        assertThat(err).doesNotContain("\tat ").doesNotContain("Exception");
        return err.lines().filter(l -> l.startsWith("error:")).toList();
    }

    @Test
    void printGridListsEveryRunOfTheFullGrid() {
        String[] r = run("--print-grid");
        assertThat(r[0]).isEqualTo("0");
        assertThat(r[1].lines()).hasSize(1 + 42);
        assertThat(r[1].lines().findFirst().orElseThrow()).startsWith("42 runs");
        assertThat(r[1]).contains("foreground_bias-0.95_hard-policy-never_data-seed-42/method-jtt_seed-44_epochs-3");
    }

    @Test
    void theBenchmarkPresetListsItsGridAndRefusesOtherNames() {
        String[] r = run("--preset", "lff-colored-mnist", "--print-grid");
        assertThat(r[0]).isEqualTo("0");
        // 4 shares × 6 methods × 3 seeds
        assertThat(r[1].lines()).hasSize(1 + 72);
        assertThat(r[1]).contains("runs/authors-mlp/conflicting-0.5-severity-4/disent/s44")
                .contains("runs/authors-mlp/conflicting-5-severity-4/dfr/s42");
        String[] bad = run("--preset", "waterbirds", "--print-grid");
        assertThat(bad[0]).isEqualTo("2");
        assertThat(errors(bad[2])).containsExactly("error: unknown --preset 'waterbirds'; the preset is"
                + " lff-colored-mnist");
        String[] misspelt = run("--presett", "lff-colored-mnist");
        assertThat(misspelt[0]).isEqualTo("2");
        assertThat(errors(misspelt[2])).singleElement().asString().contains("did you mean --preset")
                .endsWith("(see `lazy-artist sweep --help`)");
        assertThat(misspelt[2]).doesNotContain("Usage:");
    }

    @Test
    void helpNamesEveryAxisInWholeSentences() {
        String[] r = run("--help");
        assertThat(r[0]).isEqualTo("0");
        String help = r[1].replaceAll("\\s+", " ");
        for (Grid.Axis axis : Grid.Axis.values()) {
            assertThat(help).contains(axis.key);
        }
        assertThat(help).doesNotContain("%s");
    }

    @Test
    void aBadGridIsOneLineOnStandardError() throws Exception {
        Path grid = tmp.resolve("grid.json");
        Files.writeString(grid, "{\"method\": [\"lff\"], \"epochs\": [0]}");
        String[] r = run("--grid", grid.toString(), "--out", tmp.resolve("out").toString());
        assertThat(r[0]).as(r[2]).isEqualTo("2");
        assertThat(errors(r[2])).containsExactly("error: grid: axis 'epochs': 0 must be at least 1");
        assertThat(tmp.resolve("out")).doesNotExist();
    }

    @Test
    void optionsSparkRefusesAreOneLineToo() throws Exception {
        Path grid = tmp.resolve("grid.json");
        Files.writeString(grid, "{\"method\": [\"lff\"]}");
        String[] r = run("--grid", grid.toString(), "--out", tmp.resolve("out").toString(), "--master", "local[1]",
                "--task-cpus", "2");
        assertThat(r[0]).as(r[2]).isEqualTo("2");
        assertThat(errors(r[2])).singleElement().asString().startsWith("error: sweep: Spark cannot start: ")
                .endsWith("per task = 2; check --master and --task-cpus");
    }
}
