package lazyartist.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** User mistakes get one line that says what is wrong, and exit code 2, before any work. */
class CommandErrorsTest {

    @TempDir
    Path tmp;

    private String error(String... args) {
        StringWriter err = new StringWriter();
        assertThat(Main.run(new PrintWriter(err, true), args)).isEqualTo(Main.USER_ERROR);
        String text = err.toString().strip();
        assertThat(text).startsWith("error: ").doesNotContain("\n").doesNotContain("Exception");
        return text;
    }

    @Test
    void missingModelSaysHowToMakeOne() {
        assertThat(error("evaluate", "--model", tmp.resolve("none").toString())).contains("train one first");
        assertThat(error("explain", "--model", tmp.resolve("none").toString())).contains("train one first");
    }

    /** What the parser rejects gets one line too, with a near option's name and where to read the help. */
    @Test
    void parseErrorsAreOneLineWithAPointerToTheHelp() {
        assertThat(error("train", "--data", tmp.toString(), "--out", tmp.toString()))
                .contains("Unknown option").contains("--out").contains("lazy-artist train --help");
        assertThat(error("train", "--modls", tmp.toString())).contains("--models");
        assertThat(error("train", "--epochs", "three")).contains("--epochs").contains("three");
        assertThat(error("attack")).contains("--model");
        assertThat(error("bogus")).contains("bogus").contains("lazy-artist --help");
    }

    /** An output folder that cannot be made is a one-line error naming it, not a stack trace. */
    @Test
    void pathsThatCannotBeWrittenAreOneLine() throws Exception {
        Path file = java.nio.file.Files.writeString(tmp.resolve("a-file"), "x");
        assertThat(error("study", "--quick", "--out", file.resolve("run").toString()))
                .contains(file.resolve("run").toString()).contains("check the paths the command was given");
        assertThat(Main.fileProblem(new java.io.UncheckedIOException("cannot write x",
                new java.nio.file.AccessDeniedException("/srv/x")))).startsWith("/srv/x: permission denied;");
        assertThat(Main.fileProblem(new java.io.IOException("No space left\non device"))).isEqualTo(
                "No space left on device");
        assertThat(Main.fileProblem(new IllegalStateException("a bug"))).isNull();
    }

    @Test
    void badOptionValuesAreNamed() {
        assertThat(error("probe", "--model", tmp.toString(), "--what", "everything")).contains("--what");
        assertThat(error("probe", "--model", tmp.toString(), "--dream-steps", "32,8")).contains("--dream-steps");
        assertThat(error("explain", "--model", tmp.toString(), "--class", "eleven")).contains("--class");
        assertThat(error("explain", "--model", tmp.toString(), "--threshold", "1.2")).contains("--threshold");
        assertThat(error("explain", "--model", tmp.toString(), "--threshold", "0")).contains("--threshold");
        assertThat(error("explain", "--model", tmp.toString(), "--steps", "0")).contains("--steps");
        assertThat(error("explain", "--model", tmp.toString(), "--noise-sigma", "-0.1")).contains("--noise-sigma");
        assertThat(error("explain", "--model", tmp.toString(), "--patch", "0")).contains("--patch");
        assertThat(error("explain", "--model", tmp.toString(), "--patch", "29")).contains("--patch");
        assertThat(error("explain", "--model", tmp.toString(), "--stride", "0")).contains("--stride");
        assertThat(error("explain", "--model", tmp.toString(), "--smooth-base", "gradcam")).contains("--smooth-base");
        assertThat(error("probe", "--model", tmp.toString(), "--k", "0")).contains("--k");
        assertThat(error("debias", "--data", tmp.toString())).contains("--method");
        assertThat(error("debias", "--data", tmp.toString(), "--method", "magic")).contains("penalty, channel-diff");
        assertThat(error("train", "--data", tmp.toString(), "--arch", "vgg")).contains("unknown architecture");
        assertThat(error("study", "--quick", "--full")).contains("--quick and --full");
        assertThat(error("study", "--force", "everything", "--out", tmp.toString())).contains("unknown stage");
        assertThat(error("lab", "--port", "99999")).contains("--port must be 0");
        assertThat(error("lab", "--run", tmp.toString())).contains("no models in").contains("run `lazy-artist study");
        assertThat(error("bench", "lab", "--url", "http://127.0.0.1:9/")).contains("no lab answers");
    }

    /** The library names an option as its options record does; each command names it by its own flag. */
    @Test
    void optionsAreNamedByTheLibraryAndByTheCommandEachTheirWay() {
        assertThatThrownBy(() -> lazyartist.attack.Settings.DEFAULTS.withQueries(0))
                .hasMessage("queries must be at least 1, got 0");
        assertThatThrownBy(() -> lazyartist.explain.MapSettings.DEFAULTS.withNoise(4, -0.1))
                .hasMessage("noiseSigma must be ≥ 0 (a share of the input range), got -0.1");
        assertThat(error("explain", "--model", tmp.toString(), "--noise-sigma", "-0.1"))
                .isEqualTo("error: --noise-sigma must be ≥ 0 (a share of the input range), got -0.1");
        // The field behind --class is named target.
        assertThat(error("explain", "--model", tmp.toString(), "--class", "eleven"))
                .isEqualTo("error: --class must be predicted, true or a digit 0-9, got 'eleven'");
        assertThat(lazyartist.OptionException.flag("searchQueries")).isEqualTo("--search-queries");
    }

    @Test
    void missingDataSaysHowToMakeIt() {
        assertThat(error("train", "--data", tmp.resolve("nothing").toString())).contains("generate the data first");
    }

    @Test
    void anAttackFromADigitToItselfIsAOneLineError() {
        assertThat(error("attack", "--model", tmp.toString(), "--from", "7", "--to", "7").strip())
                .isEqualTo("error: --from and --to must be two different digits 0-9, got 7 and 7");
    }

    @Test
    void badAttackBudgetsAreOneLineErrors() {
        assertThat(error("attack", "--model", tmp.toString(), "--epsilon", "1.5")).contains("(0, 1]");
        assertThat(error("attack", "--model", tmp.toString(), "--epsilon", "0")).contains("(0, 1]");
        assertThat(error("attack", "--model", tmp.toString(), "--epsilons", "")).contains("--epsilons");
        assertThat(error("attack", "--model", tmp.toString(), "--epsilons", "0.01,2")).contains("(0, 1]");
        assertThat(error("attack", "--model", tmp.toString(), "--restarts", "0")).contains("--restarts");
        assertThat(error("attack", "--model", tmp.toString(), "--loss", "hinge")).contains("--loss");
        assertThat(error("attack", "--model", tmp.toString(), "--norm", "l3")).contains("--norm must be linf or l2");
        assertThat(error("attack", "--model", tmp.toString(), "--queries", "0")).contains("--queries");
        assertThat(error("attack", "--model", tmp.toString(), "--l2-epsilon", "0")).contains("L2 budget");
        assertThat(error("attack", "--model", tmp.toString(), "--l2-epsilon", "-1")).contains("L2 budget");
        assertThat(error("attack", "--model", tmp.toString(), "--l2-epsilons", "0.5,-2")).contains("L2 budget");
        assertThat(error("attack", "--model", tmp.toString(), "--suite", "strong")).contains("--suite");
        assertThat(error("attack", "--model", tmp.toString(), "--methods", "cw")).contains("unknown attack");
    }

    /** A saved, untrained model: enough for the errors that come before any data is read. */
    private Path model(lazyartist.model.Architecture architecture) {
        Path dir = tmp.resolve(architecture.key());
        try (ai.djl.ndarray.NDManager manager = ai.djl.ndarray.NDManager.newBaseManager()) {
            lazyartist.model.TappedNetwork net = lazyartist.model.ModelStore.initialised(architecture, manager);
            lazyartist.model.ModelStore.save(dir, net, new lazyartist.model.ModelCard("m", architecture.key(),
                    net.layers(), lazyartist.model.TappedNetwork.INPUT.getShape(), 0, java.util.Map.of(),
                    java.util.Map.of("path", tmp.resolve("no-data").toString()), java.util.Map.of(), "test",
                    java.util.Map.of(), null, null));
        }
        return dir;
    }

    @Test
    void badDecompositionOptionsAreOneLineErrors() {
        String lazy = model(lazyartist.model.Architecture.LAZY).toString();
        assertThat(error("decompose", "--model", lazy, "--k", "0")).contains("--k must be at least 1");
        assertThat(error("decompose", "--model", lazy, "--k", "5000")).contains("larger than the dictionary");
        assertThat(error("decompose", "--model", lazy, "--stage", "conv9")).contains("no stage 'conv9'");
        assertThat(error("decompose", "--model", lazy, "--kind", "gated")).contains("--kind");
        assertThat(error("decompose", "--model", lazy, "--tokens", "pixels")).contains("--tokens");
        String mlp = model(lazyartist.model.Architecture.MLP).toString();
        assertThat(error("decompose", "--model", mlp, "--stage", "conv1")).contains("no stage 'conv1'");
        assertThat(error("decompose", "--model", mlp, "--tokens", "position")).contains("has no positions");
        assertThat(error("decompose", "--model", mlp, "--stage", "fc4")).contains("the network's output");
    }

    @Test
    void everyCommandsHelpRendersCleanly() {
        java.io.PrintStream original = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        // picocli reports a help text it cannot format (an unescaped %) on System.err
        System.setErr(new java.io.PrintStream(captured, true));
        try {
            for (String command : new String[] {"study", "generate", "train", "evaluate", "probe", "explain", "debias",
                "attack", "decompose", "export", "lab"}) {
                assertThat(Main.run(new PrintWriter(new StringWriter(), true), command, "--help")).isZero();
            }
        } finally {
            System.setErr(original);
        }
        assertThat(captured.toString()).doesNotContain("WARN");
    }
}
