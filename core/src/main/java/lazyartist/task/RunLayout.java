package lazyartist.task;

import java.nio.file.Path;
import lazyartist.data.Mode;

/**
 * A run folder's layout and every name in it. {@code lazy-artist study} fills all of it; a
 * {@code debias} command's {@code --out} holds its models and its table.
 *
 * <pre>
 * data/&lt;mode&gt;/            the data set of a mode
 * models/&lt;name&gt;/          a model, and below it one folder per task (eval, probe, explain, attack, decompose)
 * debias/&lt;mode&gt;/          the debiasing table of a mode
 * stages/                the study's ledger
 * report/                the HTML report
 * </pre>
 */
public record RunLayout(Path root) {

    /** What a debiasing run measured, beside its model: a study reads it back instead of measuring again. */
    public static final String DEBIAS_RESULT = "debias-result.json";

    public Path data(Mode mode) {
        return root.resolve("data").resolve(mode.key());
    }

    public Path models() {
        return root.resolve("models");
    }

    public Path model(String name) {
        return models().resolve(name);
    }

    /** A task's folder in a model's folder, e.g. {@code models/lazy-background/attack}. */
    public Path task(String model, String folder) {
        return model(model).resolve(folder);
    }

    public Path debiasTable(Mode mode) {
        return root.resolve("debias").resolve(mode.key());
    }

    public Path stages() {
        return root.resolve("stages");
    }

    public Path report() {
        return root.resolve("report");
    }

    /** A network trained with plain cross-entropy on a mode's data: {@code lazy-background}. */
    public static String cheater(String architecture, Mode mode) {
        return architecture + "-" + mode.key();
    }

    /** A debiasing method's model: {@code debias-penalty-s42-background}. */
    public static String debiased(String method, long seed, Mode mode) {
        return "debias-" + method + "-s" + seed + "-" + mode.key();
    }

    /** The helper run a two-stage method trains first (JTT's error-finding run). */
    public static String firstRun(String model) {
        return model + "-first";
    }
}
