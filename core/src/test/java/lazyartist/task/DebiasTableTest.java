package lazyartist.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class DebiasTableTest {

    private static DebiasTable.Seed seed(String method, long seed, double valConflicting, double hard) {
        return new DebiasTable.Seed(method, true, seed, method + seed, 0.98, valConflicting, hard, 0.1, 0.2, 0.4, 60);
    }

    @Test
    void groupsSeedsByMethodWithMeanAndSampleStd() {
        List<DebiasTable.Row> rows = DebiasTable.rows(List.of(seed("penalty", 42, 0.8, 0.80), seed("jtt", 42, 0.8, 0.85),
                seed("penalty", 43, 0.8, 0.90), seed("penalty", 44, 0.8, 0.70)));
        assertThat(rows).extracting(DebiasTable.Row::method).containsExactly("penalty", "jtt");
        DebiasTable.Stat hard = rows.get(0).hardAccuracy();
        assertThat(hard.n()).isEqualTo(3);
        assertThat(hard.mean()).isCloseTo(0.80, within(1e-12));
        assertThat(hard.std()).isCloseTo(0.10, within(1e-12));
        List<List<String>> text = DebiasTable.text(rows);
        assertThat(text.get(0).get(5)).isEqualTo("hard");
        assertThat(text.get(1).get(5)).isEqualTo("80.0 ± 10.0%");
        // One seed has no spread to report.
        assertThat(text.get(2).get(5)).isEqualTo("85.0%");
        assertThat(rows.get(1).hardAccuracy().std()).isNaN();
    }

    @Test
    void theBestMethodIsChosenOnValidationNotOnTheHardSplit() {
        List<DebiasTable.Row> rows = DebiasTable.rows(List.of(seed("penalty", 42, 0.90, 0.80),
                seed("batchnorm", 42, 0.85, 0.95)));
        assertThat(DebiasTable.best(rows, true)).map(DebiasTable.Row::method).contains("penalty");
        assertThat(DebiasTable.best(rows, false)).isEmpty();
        // DFR's head was fitted on the validation digits: its validation score cannot choose it
        List<DebiasTable.Row> withDfr = DebiasTable.rows(List.of(seed("penalty", 42, 0.90, 0.80),
                seed("dfr", 42, 0.99, 0.70)));
        assertThat(DebiasTable.best(withDfr, true)).map(DebiasTable.Row::method).contains("penalty");
    }
}
