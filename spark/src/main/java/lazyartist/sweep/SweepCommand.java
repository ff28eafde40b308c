package lazyartist.sweep;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import lazyartist.LabException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lazy-artist sweep}: a grid of debiasing runs as Spark tasks, local by default. */
@Command(name = "lazy-artist sweep", mixinStandardHelpOptions = true, showDefaultValues = true,
        versionProvider = SweepCommand.Version.class,
        description = {"Run a grid of trainings as Apache Spark tasks: each run generates (or reuses) its data set,"
            + " trains one debiasing method with one seed and measures it, and writes its result folder under"
            + " <out>/runs/ (the files of a single-seed debias run, and run.json).",
            "Runs already done are skipped, so a killed sweep resumes; a failed task is retried.",
            "The table of every run, mean ± std over seeds per cell, goes to <out>/table/ (sweep.csv, sweep.json,"
            + " and a debias table and chart per data set).",
            "Grid axes: " + "%s" + "."},
        footer = {"", "Without --grid: the full study's debiasing table (both modes, every method, seeds 42-44,"
            + " 3 epochs; 42 runs).",
            "On a cluster: spark-submit --class lazyartist.sweep.SweepCommand (see README)."})
public final class SweepCommand implements Callable<Integer> {

    @Option(names = "--grid", description = "JSON file of axis → values, e.g. {\"method\": [\"penalty\", \"lff\"],"
            + " \"seed\": [42, 43, 44]}.")
    Path grid;

    @Option(names = "--preset", description = "A named grid instead of --grid: lff-colored-mnist (the literature's"
            + " benchmark: 4 shares × vanilla, lff, disent, jtt, group-dro, dfr × seeds 42-44, 100 epochs, as"
            + " `lazy-artist benchmark` runs them; its runs, data sets and table.md go under --out).")
    String preset;

    @Option(names = "--out", defaultValue = "runs/sweep", description = "Folder, or Hadoop file system URI (hdfs://…),"
            + " for data sets, runs and the table.")
    String out;

    @Option(names = "--master", description = "Spark master URL. Default: the one spark-submit gives, else local[*].")
    String master;

    @Option(names = "--task-cpus", description = "Cores per run, and PyTorch threads per run. Default: spark-submit's"
            + " spark.task.cpus, else 1.")
    Integer taskCpus;

    @Option(names = "--attempts", defaultValue = "4", description = "Attempts per run before the sweep stops.")
    int attempts;

    @Option(names = "--mnist", description = "Folder with the four MNIST idx files (else the cache, npm, or a mirror).")
    Path mnist;

    @Option(names = "--print-grid", description = "Print the expanded runs and stop.")
    boolean printGrid;

    @Override
    public Integer call() {
        if (preset != null) {
            return benchmark();
        }
        Grid g = grid == null ? Grid.full() : Grid.read(grid);
        List<SweepRun> runs = g.expand();
        if (printGrid) {
            System.out.printf(Locale.ROOT, "%d runs (%s)%n", runs.size(), g.axes());
            runs.forEach(r -> System.out.println(r.path()));
            return 0;
        }
        Sweep.Outcome outcome = Sweep.run(g, new Sweep.Options(out, master, taskCpus, attempts,
                mnist == null ? null : mnist.toString()), LabProcess.childJvm());
        SweepTable.lines(outcome.cells()).forEach(System.out::println);
        System.out.printf(Locale.ROOT, "%d runs (%d done before, %d trained) in %.0f s -> %s/table%n", outcome.runs(),
                outcome.skipped(), outcome.trained(), outcome.seconds(), out);
        return 0;
    }

    private int benchmark() {
        if (!preset.equals(BenchmarkSweep.PRESET)) {
            throw new LabException("unknown --preset '" + preset + "'; the preset is " + BenchmarkSweep.PRESET);
        }
        if (grid != null) {
            throw new LabException("give --grid or --preset, not both");
        }
        var o = BenchmarkSweep.preset();
        if (printGrid) {
            var tasks = BenchmarkSweep.tasks(o);
            System.out.printf(Locale.ROOT, "%d runs (%s)%n", tasks.size(), preset);
            tasks.forEach(t -> System.out.println(BenchmarkSweep.path(o, t)));
            return 0;
        }
        Sweep.Outcome outcome = BenchmarkSweep.run(o, new Sweep.Options(out, master, taskCpus, attempts,
                mnist == null ? null : mnist.toString()), LabProcess.childJvm());
        System.out.print(Store.at(out).read("table/" + lazyartist.benchmark.BenchmarkTable.MARKDOWN));
        System.out.printf(Locale.ROOT, "%d runs (%d done before, %d trained) in %.0f s -> %s/table%n", outcome.runs(),
                outcome.skipped(), outcome.trained(), outcome.seconds(), out);
        return 0;
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code: 2 for a user mistake, said on one line. */
    static int run(String... args) {
        CommandLine cli = new CommandLine(new SweepCommand());
        var usage = cli.getCommandSpec().usageMessage();
        usage.description(java.util.Arrays.stream(usage.description())
                .map(d -> d.replace("%s", Grid.Axis.names())).toArray(String[]::new));
        lazyartist.cli.Main.reportUserErrors(cli);
        return cli.execute(args);
    }

    /** The lab's version. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"lazy-artist sweep " + lazyartist.io.Versions.lab()};
        }
    }
}
