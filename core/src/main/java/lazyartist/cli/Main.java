package lazyartist.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import lazyartist.LabException;
import lazyartist.OptionException;
import lazyartist.io.Versions;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code lazy-artist}. */
@Command(name = "lazy-artist", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "A lab for shortcut learning: biased Colored-MNIST, cheating CNNs and the tools that catch them.",
        footer = {"", "Also: lazy-artist sweep, the study's grid of trainings as Apache Spark tasks (the Spark module;"
            + " lazy-artist sweep --help)."},
        subcommands = {StudyCommand.class, GenerateCommand.class, TrainCommand.class, EvaluateCommand.class,
            ProbeCommand.class, ExplainCommand.class, DebiasCommand.class, AttackCommand.class, DecomposeCommand.class,
            ExportCommand.class, LabCommand.class, BenchmarkCommand.class,
            BenchCommand.class, CommandLine.HelpCommand.class})
public final class Main {

    /** Exit code for a user mistake (bad option, missing file). */
    static final int USER_ERROR = 2;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code. */
    public static int run(String... args) {
        return run(new PrintWriter(System.err, true), args);
    }

    /** Runs the command line with errors going to {@code err}. */
    static int run(PrintWriter err, String... args) {
        // The PyTorch native library ships in a jar on the class path: never download at run time.
        System.setProperty("ai.djl.offline", "true");
        // One inter-op thread leaves both cores to intra-op work: measured faster on 2 cores.
        if (System.getProperty("ai.djl.pytorch.num_interop_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        }
        // TorchScript's graph executor re-optimises the double-backprop function as calls accumulate, so a
        // training's numbers depended on what the process ran before (a penalty run diverged only after
        // other work); with it off, a seed gives the same numbers whatever came first.
        if (System.getProperty("ai.djl.pytorch.graph_optimizer") == null) {
            System.setProperty("ai.djl.pytorch.graph_optimizer", "false");
        }
        CommandLine cli = commandLine();
        cli.setErr(err);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        reportUserErrors(cli);
        try {
            return cli.execute(args);
        } catch (OutOfMemoryError e) {
            err.printf("error: the Java heap (%d MB) is full; give it more, e.g. LAZY_ARTIST_JAVA_OPTS=-Xmx4g%n",
                    Runtime.getRuntime().maxMemory() >> 20);
            return USER_ERROR;
        }
    }

    /**
     * Makes a command line answer a user mistake (an option the parser rejects, a {@link LabException})
     * with one line on its error stream and exit code 2.
     */
    public static void reportUserErrors(CommandLine cli) {
        cli.setParameterExceptionHandler((e, parsed) -> {
            CommandLine cmd = e.getCommandLine();
            cmd.getErr().println("error: " + parseError(e) + " (see `" + cmd.getCommandSpec().qualifiedName()
                    + " --help`)");
            return USER_ERROR;
        });
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof LabException lab) {
                cmd.getErr().println("error: " + message(cmd, lab));
                return USER_ERROR;
            }
            String io = fileProblem(e);
            if (io != null) {
                cmd.getErr().println("error: " + io);
                return USER_ERROR;
            }
            throw e;
        });
    }

    /** What an I/O failure among {@code e}'s causes says, on one line (null: none). */
    static String fileProblem(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof FileSystemException fs) {
                String what = fs instanceof NoSuchFileException ? "no such file or folder"
                        : fs instanceof AccessDeniedException ? "permission denied"
                        : fs instanceof FileAlreadyExistsException ? "a file is in the way"
                        : fs instanceof NotDirectoryException ? "not a folder"
                        : fs.getReason() != null ? fs.getReason() : fs.getClass().getSimpleName();
                return fs.getFile() + ": " + what + "; check the paths the command was given";
            }
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException io && io.getMessage() != null) {
                return io.getMessage().replaceAll("\\s*\\R\\s*", " ");
            }
        }
        return null;
    }

    /** The parser's message on one line, with its nearest options for a misspelt one. */
    private static String parseError(CommandLine.ParameterException e) {
        String message = e.getMessage().strip().replaceAll("\\s*\\R\\s*", " ");
        if (e instanceof CommandLine.UnmatchedArgumentException u && !u.getSuggestions().isEmpty()) {
            return message + "; did you mean " + String.join(" or ", u.getSuggestions()) + "?";
        }
        return message;
    }

    /** A user mistake's one-line message, naming options by the command's flags. */
    private static String message(CommandLine cmd, LabException e) {
        return e instanceof OptionException o ? o.naming(name -> flag(cmd, name)) : e.getMessage();
    }

    /** The flag of the command's option held in a field named {@code name}, else the name as a flag. */
    private static String flag(CommandLine cmd, String name) {
        for (CommandLine.Model.OptionSpec option : cmd.getCommandSpec().options()) {
            if (option.userObject() instanceof java.lang.reflect.Field f && f.getName().equals(name)) {
                return option.longestName();
            }
        }
        return OptionException.flag(name);
    }

    /** The command line with every subcommand and the help texts computed from the code. */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        // Computed from the code, so the help cannot drift from the recipes the command uses.
        cli.getSubcommands().get("train").getCommandSpec().usageMessage().footer(TrainCommand.recipes());
        reflow(cli);
        return cli;
    }

    /**
     * Joins each description's lines into sentences, so that picocli wraps them at the terminal's
     * width instead of breaking every source line that runs past it.
     */
    private static void reflow(CommandLine cli) {
        var usage = cli.getCommandSpec().usageMessage();
        java.util.List<String> out = new java.util.ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String part : usage.description()) {
            line.append(line.length() == 0 ? "" : " ").append(part.strip());
            if (part.strip().endsWith(".")) {
                out.add(line.toString());
                line.setLength(0);
            }
        }
        if (line.length() > 0) {
            out.add(line.toString());
        }
        usage.description(out.toArray(String[]::new));
        cli.getSubcommands().values().stream().distinct().forEach(Main::reflow);
    }

    /** Prints the lab's version. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"lazy-artist " + Versions.lab()};
        }
    }
}
