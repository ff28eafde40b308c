package lazyartist.sweep;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import lazyartist.benchmark.Benchmark;
import lazyartist.benchmark.BenchmarkTable;
import lazyartist.benchmark.LffProtocol;
import lazyartist.io.AtomicFiles;
import lazyartist.io.Json;
import lazyartist.train.Debiasing;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The literature's benchmark as a sweep ({@code sweep --preset lff-colored-mnist}): a first job
 * generates each share's data set once; then one task per (share, method, seed) runs {@code
 * lazy-artist benchmark} for that run alone on it and publishes the run's folder under
 * {@code runs/}, as the benchmark command lays it out. Runs already published are skipped, so a
 * killed sweep resumes; the driver writes {@code table.md}, {@code table.csv} and {@code unbiased.png}.
 */
final class BenchmarkSweep {

    static final String PRESET = LffProtocol.NAME;
    /** The preset's methods: the baseline, the bias-agnostic ones, then the bias-aware ones. */
    static final List<String> METHODS = List.of("vanilla", "lff", "disent", "jtt", "group-dro", "dfr");

    /** One run of the grid. */
    record Task(double share, String method, long seed) implements Serializable {}

    private BenchmarkSweep() {}

    /** The preset: the published shares, every method, seeds 42–44, the protocol's 100 epochs. */
    static Benchmark.Options preset() {
        return new Benchmark.Options(LffProtocol.NAME, "authors-mlp", 4, Benchmark.PUBLISHED_SHARES, METHODS, 3, 42, 42, 100,
                0.1, Benchmark.Selection.LAST_EPOCH, true);
    }

    static List<Task> tasks(Benchmark.Options o) {
        List<Task> tasks = new ArrayList<>();
        for (double share : o.conflicting()) {
            for (String method : o.methods()) {
                for (int s = 0; s < o.seeds(); s++) {
                    tasks.add(new Task(share, method, o.firstSeed() + s));
                }
            }
        }
        return tasks;
    }

    static String path(Benchmark.Options o, Task t) {
        return o.runPath(t.share(), Debiasing.Method.of(t.method()), t.seed());
    }

    /** Runs every run of {@code o} not yet published below the store, then writes the table. */
    static Sweep.Outcome run(Benchmark.Options o, Sweep.Options so, LabProcess process) {
        long start = System.nanoTime();
        Store store = Store.at(so.out());
        List<Task> tasks = tasks(o);
        List<Task> todo = tasks.stream().filter(t -> !store.exists(path(o, t) + "/result.json")).toList();
        List<Double> shares = todo.stream().map(Task::share).distinct()
                .filter(share -> !store.exists(dataPath(o, share))).toList();
        System.out.printf(Locale.ROOT, "%d runs: %d done already, %d to train (%d data sets to generate) -> %s%n",
                tasks.size(), tasks.size() - todo.size(), todo.size(), shares.size(), store);
        if (!todo.isEmpty()) {
            store.clearScratch();
            String mnist = so.mnist() == null ? null : Path.of(so.mnist()).toAbsolutePath().toString();
            try (JavaSparkContext spark = Sweep.context(so)) {
                spark.setLogLevel("ERROR");
                Sweep.each(spark, "data", shares.stream().map(share -> new Task(share, o.methods().get(0),
                        o.firstSeed())).toList(), t -> generate(o, t, store, mnist, process));
                Sweep.each(spark, "runs", todo, t -> train(o, t, store, mnist, process));
            }
        }
        List<Benchmark.Run> runs = tasks.stream().map(t -> result(store, path(o, t))).toList();
        Path table = store.scratch("table");
        BenchmarkTable.write(table, runs);
        store.publish(table, "table", true);
        return new Sweep.Outcome(tasks.size(), tasks.size() - todo.size(), todo.size(),
                (System.nanoTime() - start) / 1e9, List.of());
    }

    private static Benchmark.Run result(Store store, String run) {
        try {
            return Json.MAPPER.readValue(store.read(run + "/result.json"), Benchmark.Run.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + store + "/" + run + "/result.json: " + e.getMessage(), e);
        }
    }

    private static String dataPath(Benchmark.Options o, double share) {
        return "data/" + o.settings(share).key();
    }

    private static void generate(Benchmark.Options o, Task t, Store store, String mnist, LabProcess process)
            throws IOException {
        Path work = store.scratch("data+" + o.settings(t.share()).key());
        process.run(args(o, t, "--data-only", mnist), Sweep.threads(), work);
        Path data = work.resolve(dataPath(o, t.share()));
        Files.move(work.resolve("log.txt"), data.resolve("log.txt"));
        store.publish(data, dataPath(o, t.share()), false);
        AtomicFiles.deleteTree(work);
    }

    private static void train(Benchmark.Options o, Task t, Store store, String mnist, LabProcess process)
            throws IOException {
        Path work = store.scratch(path(o, t));
        // The shared data set, linked (deleting the scratch folder deletes the link, not the data).
        Path data = work.resolve(dataPath(o, t.share()));
        Files.createDirectories(data.getParent());
        Files.createSymbolicLink(data, store.localCopy(dataPath(o, t.share())));
        process.run(args(o, t, null, mnist), Sweep.threads(), work);
        Path run = work.resolve(path(o, t));
        Files.move(work.resolve("log.txt"), run.resolve("log.txt"));
        store.publish(run, path(o, t), false);
        AtomicFiles.deleteTree(work);
    }

    /** The arguments of {@code lazy-artist benchmark} for one run (or, with {@code --data-only}, its data). */
    static List<String> args(Benchmark.Options o, Task t, String flag, String mnist) {
        List<String> args = new ArrayList<>(List.of("benchmark", "--protocol", o.protocol(), "--arch",
                o.architecture(), "--severity", Integer.toString(o.severity()), "--conflicting",
                Double.toString(t.share()), "--methods", t.method(), "--seeds", "1", "--first-seed",
                Long.toString(t.seed()), "--data-seed", Long.toString(o.dataSeed()), "--epochs",
                Integer.toString(o.epochs()), "--val-fraction", Double.toString(o.valFraction()), "--selection",
                o.selection().key, "--out", "."));
        if (flag != null) {
            args.add(flag);
        }
        if (mnist != null) {
            args.addAll(List.of("--mnist", mnist));
        }
        return args;
    }
}
