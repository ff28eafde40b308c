package lazyartist;

/**
 * A problem the user can fix (bad input, missing file, wrong option). The CLI prints its message
 * on one line, without a stack trace.
 */
public class LabException extends RuntimeException {

    public LabException(String message) {
        super(message);
    }

    public LabException(String message, Throwable cause) {
        super(message, cause);
    }
}
