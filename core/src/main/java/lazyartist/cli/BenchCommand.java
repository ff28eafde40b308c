package lazyartist.cli;

import picocli.CommandLine.Command;

/** {@code lazy-artist bench}: speed figures measured on this machine. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Print speed figures measured on this machine.",
        subcommands = {BenchGenerateCommand.class, BenchTrainCommand.class, BenchExplainCommand.class,
            BenchDecomposeCommand.class, BenchLabCommand.class})
final class BenchCommand {}
