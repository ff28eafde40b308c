package lazyartist.cli;

import java.util.stream.Collectors;
import picocli.CommandLine.Model.CommandSpec;

/** The command line that made an artifact, as typed, so that an artifact says how to make it again. */
final class Invocation {

    private Invocation() {}

    /** {@code lazy-artist} and the arguments of the running command line; arguments with spaces quoted. */
    static String of(CommandSpec spec) {
        CommandSpec root = spec.root();
        return root.name() + " " + root.commandLine().getParseResult().originalArgs().stream()
                .map(arg -> arg.isEmpty() || arg.matches(".*[\\s'\"].*") ? "'" + arg.replace("'", "'\\''") + "'" : arg)
                .collect(Collectors.joining(" "));
    }
}
