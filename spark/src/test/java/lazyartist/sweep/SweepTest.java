package lazyartist.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import lazyartist.LabException;
import lazyartist.cli.Main;
import lazyartist.io.Hashing;
import lazyartist.io.Json;
import lazyartist.task.DebiasTable;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sweeps on the MNIST subset with {@code local[2]}: each run trains one epoch in a child JVM with one
 * PyTorch thread (surefire gives this JVM one too, so the runs one by one below compute the same).
 */
class SweepTest {

    /** Two methods × two seeds. */
    static final String GRID = """
            {"method": ["batchnorm", "group-balance"], "seed": [42, 43], "epochs": [1], "explain-images": [50]}
            """;

    @TempDir
    static Path tmp;

    static Path out;
    static Sweep.Outcome first;

    @BeforeAll
    static void sweepTheGrid() {
        out = tmp.resolve("sweep");
        first = Sweep.run(Grid.parse(GRID, "test"), options(out, 4), new SubsetLab());
    }

    static Sweep.Options options(Path out, int attempts) {
        return new Sweep.Options(out.toString(), "local[2]", 1, attempts, null);
    }

    @Test
    void aTwoByTwoGridWritesFourRunsAndATableEqualToTheRunsOneByOne() throws IOException {
        assertThat(first.runs()).isEqualTo(4);
        assertThat(first.trained()).isEqualTo(4);
        List<Path> runs;
        try (Stream<Path> s = Files.list(out.resolve("runs/background_bias-0.95_hard-policy-never_data-seed-42"))) {
            runs = s.sorted().toList();
        }
        assertThat(runs).extracting(p -> p.getFileName().toString()).containsExactly(
                "method-batchnorm_seed-42_epochs-1_explain-images-50", "method-batchnorm_seed-43_epochs-1_explain-images-50",
                "method-group-balance_seed-42_epochs-1_explain-images-50",
                "method-group-balance_seed-43_epochs-1_explain-images-50");
        Path data = out.resolve("data/background_bias-0.95_hard-policy-never_data-seed-42");
        List<DebiasTable.Seed> oneByOne = new ArrayList<>();
        for (Path run : runs) {
            for (String file : List.of("run.json", "debias.json", "debias.csv", "debias.png", "log.txt")) {
                assertThat(run.resolve(file)).as(run + " " + file).isRegularFile();
            }
            DebiasTable.Seed swept = seed(run);
            assertThat(run.resolve("models").resolve(swept.model()).resolve("model.json")).isRegularFile();
            // The same run, by the debias command, in this JVM.
            Path alone = tmp.resolve("alone-" + run.getFileName());
            String method = swept.method();
            assertThat(Main.run("debias", "--data", data.toString(), "--out", alone.toString(), "--seeds", "1",
                    "--method", method, "--first-seed", Long.toString(swept.seed()), "--epochs", "1",
                    "--explain-images", "50")).isZero();
            DebiasTable.Seed single = seed(alone);
            assertThat(swept.hardAccuracy()).as(run.toString()).isEqualTo(single.hardAccuracy());
            assertThat(swept.valAccuracy()).isEqualTo(single.valAccuracy());
            assertThat(swept.hardColourAgreement()).isEqualTo(single.hardColourAgreement());
            assertThat(swept.gradInputStrokeShare()).isCloseTo(single.gradInputStrokeShare(), within(1e-6));
            oneByOne.add(single);
        }
        // Trained, not guessed (chance is 10%); after one epoch on 1,800 digits the models still cheat on hard.
        assertThat(oneByOne).allSatisfy(s -> assertThat(s.valAccuracy()).isGreaterThan(0.25));
        assertThat(first.cells()).hasSize(2);
        for (SweepTable.Cell cell : first.cells()) {
            List<Double> hard = oneByOne.stream().filter(s -> s.method().equals(cell.axes().get("method")))
                    .map(DebiasTable.Seed::hardAccuracy).toList();
            assertThat(hard).hasSize(2);
            assertThat(cell.row().hardAccuracy().mean()).isCloseTo((hard.get(0) + hard.get(1)) / 2, within(1e-12));
            assertThat(cell.row().seeds()).isEqualTo(2);
        }
        String csv = Files.readString(out.resolve("table/sweep.csv"));
        assertThat(csv.lines()).hasSize(3);
        assertThat(csv.lines().skip(1)).allSatisfy(line -> assertThat(line).startsWith("background,0.95,never,42,"));
        assertThat(out.resolve("table/background_bias-0.95_hard-policy-never_data-seed-42_epochs-1_explain-images-50/debias.png"))
                .isRegularFile();
        // Every scratch folder was published or deleted.
        assertThat(out.resolve(".tmp")).isEmptyDirectory();
    }

    @Test
    void aKilledSweepResumesTrainingOnlyWhatItHadNotFinished() throws IOException {
        Path again = tmp.resolve("resume");
        copy(out, again);
        // A sweep killed while it trained one run: that run's folder was never published, its scratch remains.
        Path unfinished = again.resolve("runs/background_bias-0.95_hard-policy-never_data-seed-42/"
                + "method-group-balance_seed-43_epochs-1_explain-images-50");
        Path weights = unfinished.resolve("models/debias-group-balance-s43-background"
                + "/model.safetensors");
        String trainedBefore = Hashing.sha256(weights);
        String paramsBefore = Hashing.sha256(weights.resolveSibling("model.params"));
        Path scratch = again.resolve(".tmp/" + unfinished.getFileName() + ".123");
        Files.createDirectories(scratch);
        Files.move(unfinished, scratch.resolve("half"));
        Map<String, String> before = hashes(again.resolve("runs"));

        Sweep.Outcome resumed = Sweep.run(Grid.parse(GRID, "test"), options(again, 4), new SubsetLab());

        assertThat(resumed.skipped()).isEqualTo(3);
        assertThat(resumed.trained()).isEqualTo(1);
        assertThat(scratch).doesNotExist();
        Map<String, String> after = hashes(again.resolve("runs"));
        before.forEach((file, hash) -> assertThat(after.get(file)).as(file).isEqualTo(hash));
        // Trained again, it is the model the first sweep trained, to the byte.
        assertThat(Hashing.sha256(weights)).isEqualTo(trainedBefore);
        assertThat(Hashing.sha256(weights.resolveSibling("model.params"))).isEqualTo(paramsBefore);
        assertThat(seed(unfinished).hardAccuracy()).isEqualTo(seed(out.resolve(again.relativize(unfinished))).hardAccuracy());
        assertThat(resumed.cells()).allSatisfy(c -> assertThat(c.row().seeds()).isEqualTo(2));

        // Run again with everything done: nothing trains, and every file, the table too, is byte-identical.
        Map<String, String> done = hashes(again);
        Sweep.Outcome idle = Sweep.run(Grid.parse(GRID, "test"), options(again, 4), new SubsetLab());
        assertThat(idle.trained()).isZero();
        assertThat(hashes(again)).isEqualTo(done);
    }

    @Test
    void aTaskThatThrowsIsRetriedAndTheTableIsComplete() throws IOException {
        Path flaky = tmp.resolve("flaky");
        copy(out.resolve("data"), flaky.resolve("data"));
        String grid = "{\"method\": [\"batchnorm\"], \"seed\": [42, 44], \"epochs\": [1], \"explain-images\": [50]}";

        Sweep.Outcome o = Sweep.run(Grid.parse(grid, "test"), options(flaky, 4), new FailsFirstAttemptOf("seed-44"));

        assertThat(o.trained()).isEqualTo(2);
        Path retried = flaky.resolve("runs/background_bias-0.95_hard-policy-never_data-seed-42/"
                + "method-batchnorm_seed-44_epochs-1_explain-images-50");
        assertThat(Json.readTree(retried.resolve("run.json")).get("attempt").asInt()).isEqualTo(1);
        assertThat(Json.readTree(retried.resolveSibling("method-batchnorm_seed-42_epochs-1_explain-images-50")
                .resolve("run.json")).get("attempt").asInt()).isZero();
        assertThat(o.cells()).singleElement().satisfies(c -> assertThat(c.row().seeds()).isEqualTo(2));
        assertThat(seed(retried).valAccuracy()).isGreaterThan(0.25);
    }

    @Test
    void aRunThatKeepsFailingStopsTheSweepWithOneLineAndPublishesNothing() throws IOException {
        Path broken = tmp.resolve("broken");
        copy(out.resolve("data"), broken.resolve("data"));
        String grid = "{\"method\": [\"batchnorm\"], \"seed\": [7], \"epochs\": [1]}";

        assertThatThrownBy(() -> Sweep.run(Grid.parse(grid, "test"), options(broken, 2), new FailsFirstAttemptOf("seed-7")
                .always())).isInstanceOf(LabException.class)
                .hasMessageContaining("failed after 2 attempts").hasMessageContaining("broken on purpose")
                .hasMessageContaining("run the sweep again to resume")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        assertThat(broken.resolve("runs")).doesNotExist();
    }

    @Test
    void aSparkContextStoppedMidSweepIsReportedAsAnInterruptionNotAsFailedAttempts() throws InterruptedException {
        JavaSparkContext spark = Sweep.context(options(tmp.resolve("stopped"), 4));
        Thread stopper = new Thread(() -> {
            try {
                Thread.sleep(1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            spark.stop();
        });
        stopper.start();
        try {
            assertThatThrownBy(() -> Sweep.each(spark, "runs", List.of(1, 2), i -> Thread.sleep(3_000)))
                    .isInstanceOf(LabException.class).hasMessageContaining("runs interrupted: Spark stopped")
                    .hasMessageContaining("run the sweep again to resume")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("attempts"));
        } finally {
            stopper.join();
        }
    }

    @Test
    void aHadoopFileSystemPathHoldsTheRunsAndTheTable() throws IOException {
        Path hadoop = tmp.resolve("hadoop");
        copy(out.resolve("data"), hadoop.resolve("data"));
        String grid = "{\"method\": [\"batchnorm\"], \"seed\": [42], \"epochs\": [1], \"explain-images\": [50]}";

        Sweep.Outcome o = Sweep.run(Grid.parse(grid, "test"),
                new Sweep.Options(hadoop.toUri().toString(), "local[2]", 1, 2, null), new SubsetLab());

        assertThat(o.trained()).isEqualTo(1);
        Path run = hadoop.resolve("runs/background_bias-0.95_hard-policy-never_data-seed-42/"
                + "method-batchnorm_seed-42_epochs-1_explain-images-50");
        assertThat(seed(run).hardAccuracy()).isEqualTo(seed(out.resolve(hadoop.relativize(run))).hardAccuracy());
        assertThat(hadoop.resolve("table/sweep.csv")).isRegularFile();
    }

    @Test
    void badGridsGetOneLineErrors() {
        assertThatThrownBy(() -> Grid.parse("{\"method\": [\"lff\"], \"colour\": [1]}", "g"))
                .hasMessage("grid: unknown axis 'colour'; axes are " + Grid.Axis.names());
        assertThatThrownBy(() -> Grid.parse("{\"method\": []}", "g")).hasMessageContaining("axis 'method' needs a non-empty list");
        assertThatThrownBy(() -> Grid.parse("{\"method\": \"lff\"}", "g")).hasMessageContaining("needs a non-empty list");
        assertThatThrownBy(() -> Grid.parse("{\"method\": [\"lff\"], \"bias\": [1.5]}", "g"))
                .hasMessage("grid: axis 'bias': 1.5 is not a fraction in [0, 1]");
        assertThatThrownBy(() -> Grid.parse("{\"method\": [\"magic\"]}", "g")).hasMessageContaining("unknown debiasing method 'magic'");
        assertThatThrownBy(() -> Grid.parse("{\"method\": [\"lff\"], \"mode\": [\"sideways\"]}", "g"))
                .hasMessageContaining("'sideways' is not one of foreground, background");
        assertThatThrownBy(() -> Grid.parse("{\"method\": [\"lff\", \"lff\"]}", "g")).hasMessageContaining("lists lff twice");
        assertThatThrownBy(() -> Grid.parse("{\"seed\": [1]}", "g")).hasMessageContaining("name the debiasing methods");
        assertThatThrownBy(() -> Grid.parse("[1, 2]", "g")).hasMessageContaining("must be a JSON object");
        assertThatThrownBy(() -> Grid.parse("{\"method\": [", "g")).hasMessageContaining("is not valid JSON");
        assertThatThrownBy(() -> Grid.read(tmp.resolve("missing.json"))).hasMessageContaining("not found");
        assertThat(SweepCommand.run("--grid", tmp.resolve("missing.json").toString())).isEqualTo(2);
    }

    @Test
    void theFullGridIsTheFullStudysDebiasTable() {
        List<SweepRun> runs = Grid.full().expand();
        assertThat(runs).hasSize(2 * 7 * 3);
        assertThat(runs).extracting(r -> r.named().get("epochs")).containsOnly("3");
        assertThat(runs).extracting(SweepRun::dataKey).containsOnly("background_bias-0.95_hard-policy-never_data-seed-42",
                "foreground_bias-0.95_hard-policy-never_data-seed-42");
        assertThat(runs.get(0).debiasArgs("d", "o")).containsExactly("debias", "--data", "d", "--out", "o", "--seeds", "1",
                "--method", "penalty", "--first-seed", "42", "--epochs", "3");
        assertThat(runs.stream().map(SweepRun::path).distinct()).hasSize(42);
    }

    /** Throws on the first attempt of the runs whose folder names contain {@code mark} (or on every attempt). */
    record FailsFirstAttemptOf(String mark, boolean every) implements LabProcess {

        FailsFirstAttemptOf(String mark) {
            this(mark, false);
        }

        FailsFirstAttemptOf always() {
            return new FailsFirstAttemptOf(mark, true);
        }

        @Override
        public void run(List<String> args, int threads, Path workDir) {
            boolean marked = workDir.getFileName().toString().contains(mark);
            if (marked && (every || TaskContext.get().attemptNumber() == 0)) {
                throw new IllegalStateException("broken on purpose");
            }
            new SubsetLab().run(args, threads, workDir);
        }
    }

    static DebiasTable.Seed seed(Path dir) throws IOException {
        JsonNode json = Json.readTree(dir.resolve(DebiasTable.JSON));
        return Json.MAPPER.convertValue(json.get("seeds").get(0), DebiasTable.Seed.class);
    }

    static Map<String, String> hashes(Path root) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(Files::isRegularFile).filter(p -> !root.relativize(p).startsWith(".tmp")).toList()) {
                out.put(root.relativize(p).toString(), Hashing.sha256(p));
            }
        }
        return out;
    }

    static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
