package lazyartist.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import lazyartist.LabException;
import lazyartist.io.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The study's presets and its config files. */
class StudyConfigTest {

    @TempDir
    Path tmp;

    @Test
    void theFullStudyDebiasesWithTheDefaultMethodsSettingsOverMoreEpochsAndSeeds() {
        DebiasSettings full = StudyConfig.full().debias();
        DebiasSettings defaults = StudyConfig.defaults().debias();
        assertThat(full.options()).isEqualTo(defaults.options().withEpochs(3, 6));
        assertThat(full.seeds()).isEqualTo(3);
        assertThat(full.options().penaltyLambda()).isEqualTo(0.3);
        // the default study's one epoch is too short for colour balancing + spatial dropout only
        var plan = defaults.plan(42);
        assertThat(plan.optionsFor(lazyartist.train.Debiasing.Method.BALANCE_DROPOUT).epochs()).isEqualTo(3);
        assertThat(plan.optionsFor(lazyartist.train.Debiasing.Method.PENALTY).epochs()).isEqualTo(1);
        assertThat(full.plan(42).optionsFor(lazyartist.train.Debiasing.Method.BALANCE_DROPOUT).epochs()).isEqualTo(3);
    }

    @Test
    void configRoundTripsThroughJson() throws IOException {
        Path file = tmp.resolve("config.json");
        Json.write(file, StudyConfig.full());
        assertThat(StudyConfig.load(file, StudyConfig.defaults())).isEqualTo(StudyConfig.full());
        Files.writeString(file, "{\"seed\": 1, \"modes\": []}");
        assertThatThrownBy(() -> StudyConfig.load(file, StudyConfig.defaults())).isInstanceOf(LabException.class);
    }

    /** A file may give only what it changes; the rest comes from the preset, and a misspelt field is named. */
    @Test
    void aPartialConfigChangesOnlyItsFields() throws IOException {
        Path file = tmp.resolve("partial.json");
        Files.writeString(file, "{\"seed\": 7, \"attacks\": {\"images\": 50}}");
        StudyConfig quick = StudyConfig.quick();
        StudyConfig loaded = StudyConfig.load(file, quick);
        assertThat(loaded.seed()).isEqualTo(7);
        assertThat(loaded.attacks().images()).isEqualTo(50);
        assertThat(loaded.attacks().steps()).isEqualTo(quick.attacks().steps());
        assertThat(loaded.trainSubset()).isEqualTo(quick.trainSubset());
        assertThat(loaded.headlineAttacks()).isEqualTo(quick.headlineAttacks());
        // A map is replaced whole, as a list is: the file's methodEpochs is the one the run uses.
        Files.writeString(file, "{\"debias\": {\"methodEpochs\": {\"lff\": 4}}}");
        assertThat(StudyConfig.load(file, StudyConfig.defaults()).debias().methodEpochs()).containsExactly(
                java.util.Map.entry("lff", 4));
        Files.writeString(file, "{\"attacks\": {\"imagez\": 50}}");
        assertThatThrownBy(() -> StudyConfig.load(file, quick)).isInstanceOf(LabException.class)
                .hasMessageContaining("unknown field 'imagez' in 'attacks'").hasMessageContaining("images");
        Files.writeString(file, "[1, 2]");
        assertThatThrownBy(() -> StudyConfig.load(file, quick)).isInstanceOf(LabException.class)
                .hasMessageContaining("JSON object");
    }
}
