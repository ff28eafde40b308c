package lazyartist.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import lazyartist.LabException;
import lazyartist.OptionException;
import lazyartist.TestData;
import lazyartist.io.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchmarkTest {

    @TempDir
    Path out;

    /**
     * A two-share grid on the small MNIST: each run is measured on its own test set, writes its
     * result and the table; run again, nothing is retrained (the results are read back as written).
     */
    @Test
    void aGridWritesItsTableAndResumesWithoutRetraining() throws Exception {
        Benchmark.Options o = new Benchmark.Options(LffProtocol.NAME, "mlp", 4, List.of(1.0, 5.0), List.of("vanilla"),
                1, 42, 42, 2, 0.1, Benchmark.Selection.LAST_EPOCH, true);
        List<Benchmark.Run> runs = Benchmark.run(o, TestData::mnist, out, "test");
        BenchmarkTable.write(out, runs);
        assertThat(runs).hasSize(2);
        for (Benchmark.Run r : runs) {
            assertThat(r.test().unbiased()).isBetween(0.0, 1.0);
            // Averaging 10 aligned and 90 conflicting groups: the unbiased accuracy lies between them.
            assertThat(r.test().unbiased()).isCloseTo(0.1 * r.test().aligned() + 0.9 * r.test().conflicting(),
                    org.assertj.core.data.Offset.offset(1e-9));
            assertThat(r.selection()).isEqualTo("last-epoch");
        }
        Path result = out.resolve("runs/mlp/conflicting-1-severity-4/vanilla/s42/result.json");
        assertThat(result).isRegularFile();
        assertThat(Json.readTree(out.resolve("runs/mlp/conflicting-1-severity-4/vanilla/s42/model/model.json"))
                .get("metrics").get("epochsTrained").asInt()).isEqualTo(2);
        assertThat(out.resolve("data/conflicting-5-severity-4/protocol.json")).isRegularFile();
        String table = Files.readString(out.resolve(BenchmarkTable.MARKDOWN));
        assertThat(table).contains("| vanilla | no |").contains("1% |").contains("5% |")
                .contains("Published figures: not verified");
        // One seed has no spread to print: its cells give the mean alone.
        assertThat(table).containsPattern("\\| vanilla \\| no \\| \\d+\\.\\d\\d \\(1\\) \\| \\d+\\.\\d\\d \\(1\\) \\|");
        assertThat(Files.readAllLines(out.resolve(BenchmarkTable.CSV))).hasSize(3);
        assertThat(out.resolve(BenchmarkTable.PNG)).isRegularFile();

        long written = Files.getLastModifiedTime(result).toMillis();
        List<Benchmark.Run> again = Benchmark.run(o, TestData::mnist, out, "test");
        assertThat(again).isEqualTo(runs);
        assertThat(Files.getLastModifiedTime(result).toMillis()).isEqualTo(written);
    }

    /** Under conflicting-validation selection only the bias-aware method selects on validation, in its own folder. */
    @Test
    void conflictingValidationSelectionAppliesToBiasAwareMethodsOnly() throws Exception {
        Benchmark.Options o = new Benchmark.Options(LffProtocol.NAME, "mlp", 4, List.of(5.0),
                List.of("vanilla", "group-dro"), 1, 42, 42, 2, 0.1, Benchmark.Selection.CONFLICTING_VALIDATION, true);
        List<Benchmark.Run> runs = Benchmark.run(o, TestData::mnist, out, "test");
        assertThat(runs).extracting(Benchmark.Run::selection).containsExactly("last-epoch", "conflicting-validation");
        Path model = out.resolve("runs/mlp/conflicting-5-severity-4/group-dro-conflicting-validation/s42/model");
        var metrics = Json.readTree(model.resolve("model.json")).get("metrics");
        assertThat(metrics.get("selection").asText()).isEqualTo("best-validation");
        // the validation accuracy it selected on is that of the conflicting digits alone
        var val = lazyartist.data.DatasetStore.read(out.resolve("data/conflicting-5-severity-4"), "val");
        try (var manager = ai.djl.ndarray.NDManager.newBaseManager()) {
            var conflicting = Benchmark.conflicting(val);
            assertThat(conflicting.alignedFraction()).isZero();
            assertThat(metrics.get("valAccuracy").asDouble()).isEqualTo(lazyartist.model.Predictions.of(
                    lazyartist.model.ModelStore.load(model, manager).net(), conflicting).accuracy(conflicting.labels()));
        }
        BenchmarkTable.write(out, runs);
        assertThat(Files.readString(out.resolve(BenchmarkTable.MARKDOWN)))
                .contains("| group-dro (best conflicting val) | yes |").contains("| vanilla | no |");
        assertThatThrownBy(() -> Benchmark.Selection.of("best-test")).isInstanceOf(OptionException.class)
                .hasMessageContaining("last-epoch or conflicting-validation");
    }

    @Test
    void badOptionsGetOneLineErrors() {
        assertThatThrownBy(() -> options("waterbirds", 4, 1.0, "vanilla")).isInstanceOf(OptionException.class)
                .hasMessageContaining("protocol must be one of " + LffProtocol.NAME);
        assertThatThrownBy(() -> options(LffProtocol.NAME, 4, 100.0, "vanilla")).isInstanceOf(OptionException.class)
                .hasMessageContaining("below 100%");
        assertThatThrownBy(() -> options(LffProtocol.NAME, 5, 1.0, "vanilla")).isInstanceOf(OptionException.class)
                .hasMessageContaining("severity must be 1, 2, 3 or 4");
        assertThatThrownBy(() -> options(LffProtocol.NAME, 4, 1.0, "magic")).isInstanceOf(LabException.class)
                .hasMessageContaining("unknown debiasing method 'magic'");
    }

    private static Benchmark.Options options(String protocol, int severity, double share, String method) {
        return new Benchmark.Options(protocol, "mlp", severity, List.of(share), List.of(method), 1, 42, 42, 1, 0.1,
                Benchmark.Selection.LAST_EPOCH, true);
    }

    @Test
    void sharesPrintAsThePapersWriteThem() {
        assertThat(BenchmarkTable.percent(0.005)).isEqualTo("0.5");
        assertThat(BenchmarkTable.percent(0.05)).isEqualTo("5");
        assertThat(BenchmarkTable.percent(0.01)).isEqualTo("1");
    }
}
