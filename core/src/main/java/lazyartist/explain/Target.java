package lazyartist.explain;

import java.util.Locale;
import lazyartist.OptionException;

/** Which class an attribution explains: the prediction, the true digit, or a digit given by the user. */
public record Target(Kind kind, int digit) {

    /** The three ways to choose a class. */
    public enum Kind { PREDICTED, TRUE, DIGIT }

    public static final Target PREDICTED = new Target(Kind.PREDICTED, -1);
    public static final Target TRUE = new Target(Kind.TRUE, -1);

    /** Parses "predicted", "true" or a digit 0–9. */
    public static Target parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("predicted")) {
            return PREDICTED;
        }
        if (t.equals("true")) {
            return TRUE;
        }
        if (t.matches("[0-9]")) {
            return new Target(Kind.DIGIT, Integer.parseInt(t));
        }
        throw new OptionException("{target} must be predicted, true or a digit 0-9, got '" + text + "'");
    }

    /** The form {@link #parse} reads: predicted, true or the digit. */
    public String key() {
        return kind == Kind.DIGIT ? Integer.toString(digit) : kind.name().toLowerCase(Locale.ROOT);
    }

    /** The class for each sample. */
    public int[] classes(int[] predicted, int[] labels) {
        return switch (kind) {
            case PREDICTED -> predicted.clone();
            case TRUE -> labels.clone();
            case DIGIT -> java.util.Arrays.stream(labels).map(l -> digit).toArray();
        };
    }
}
