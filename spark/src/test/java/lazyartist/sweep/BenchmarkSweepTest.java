package lazyartist.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import lazyartist.benchmark.Benchmark;
import lazyartist.benchmark.BenchmarkTable;
import lazyartist.benchmark.LffProtocol;
import lazyartist.data.Mnist;
import lazyartist.io.Hashing;
import lazyartist.io.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark as a sweep on the MNIST subset: two seeds of one method, each a child JVM of its own. */
class BenchmarkSweepTest {

    @TempDir
    Path tmp;

    @Test
    void eachRunIsTheBenchmarkCommandsOwnAndAFinishedSweepTrainsNothingAgain() throws Exception {
        Benchmark.Options o = new Benchmark.Options(LffProtocol.NAME, "mlp", 4, List.of(5.0), List.of("vanilla"), 2, 42,
                42, 1, 0.1, Benchmark.Selection.LAST_EPOCH, true);
        Path out = tmp.resolve("sweep");
        Sweep.Options so = new Sweep.Options(out.toString(), "local[2]", 1, 2, SubsetLab.MNIST.toString());
        Sweep.Outcome first = BenchmarkSweep.run(o, so, new SubsetLab());
        assertThat(first.runs()).isEqualTo(2);
        assertThat(first.trained()).isEqualTo(2);
        Path data = out.resolve("data/conflicting-5-severity-4");
        assertThat(data.resolve("log.txt")).isRegularFile();
        assertThat(out.resolve(".tmp")).isEmptyDirectory();

        // Seed 43 alone, by the benchmark in this JVM, on data of the same data seed: the same numbers.
        Path swept = out.resolve("runs/mlp/conflicting-5-severity-4/vanilla/s43");
        Benchmark.Run run = Json.read(swept.resolve("result.json"), Benchmark.Run.class);
        Benchmark.Options alone = new Benchmark.Options(LffProtocol.NAME, "mlp", 4, List.of(5.0), List.of("vanilla"), 1,
                43, 42, 1, 0.1, Benchmark.Selection.LAST_EPOCH, true);
        Benchmark.Run single = Benchmark.run(alone, () -> Mnist.read(SubsetLab.MNIST), tmp.resolve("alone"), "test").get(0);
        assertThat(run.seed()).isEqualTo(43);
        assertThat(run.test()).isEqualTo(single.test());
        assertThat(swept.resolve("log.txt")).isRegularFile();
        // Both seeds trained on the one data set the first job generated.
        assertThat(Json.readTree(swept.resolve("model/model.json")).get("data").get("fingerprint").asText())
                .isEqualTo(Json.readTree(out.resolve("runs/mlp/conflicting-5-severity-4/vanilla/s42/model/model.json"))
                        .get("data").get("fingerprint").asText());
        String table = Files.readString(out.resolve("table").resolve(BenchmarkTable.MARKDOWN));
        assertThat(table).contains("| vanilla | no |").contains("(2) |");

        String before = Hashing.sha256(swept.resolve("result.json"));
        Sweep.Outcome again = BenchmarkSweep.run(o, so, new SubsetLab());
        assertThat(again.trained()).isZero();
        assertThat(again.skipped()).isEqualTo(2);
        assertThat(Hashing.sha256(swept.resolve("result.json"))).isEqualTo(before);
    }
}
