package lazyartist.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EstimateTest {

    @Test
    void aStagesKeyDropsItsModeAndSeed() {
        assertThat(Estimate.key("debias-lff-s42-background")).isEqualTo("debias-lff");
        assertThat(Estimate.key("attack-debias-group-balance-s43-foreground")).isEqualTo("attack-debias-group-balance");
        assertThat(Estimate.key("train-pytorch-example-background")).isEqualTo("train-pytorch-example");
        assertThat(Estimate.key("report")).isEqualTo("report");
    }

    @Test
    void referenceTimesAreScaledByThisMachinesSpeedAndMissingOnesNamed() {
        Map<String, Double> times = Map.of("train-lazy", 30.0, "report", 1.0);
        List<Estimate.Stage> plan = List.of(new Estimate.Stage("train-lazy-background", "train-lazy"),
                new Estimate.Stage("train-resnet18-background", "train-resnet18"), new Estimate.Stage("report", "report"));
        Estimate twiceAsFast = Estimate.of(plan, times, 2.0);
        assertThat(twiceAsFast.seconds()).isCloseTo(15.5, within(1e-9));
        assertThat(twiceAsFast.unknown()).containsExactly("train-resnet18-background");
        assertThat(Estimate.of(plan, times, 0.5).seconds()).isCloseTo(62, within(1e-9));
    }

    @Test
    void theReferenceCoversTheDefaultAndQuickStudies() {
        Estimate.Reference reference = Estimate.Reference.load();
        assertThat(reference.imagesPerSecond()).isPositive();
        assertThat(reference.machine()).isNotBlank();
        for (String preset : List.of("default", "quick")) {
            StudyConfig config = preset.equals("quick") ? StudyConfig.quick() : StudyConfig.defaults();
            // A fresh folder: nothing trained yet, so the best debiased model's stages go by key.
            List<Estimate.Stage> plan = StudyPlan.stages(config,
                    new lazyartist.task.RunLayout(java.nio.file.Path.of("target", "no-such-run")));
            assertThat(Estimate.of(plan, reference.presets().get(preset), 1).unknown()).as(preset).isEmpty();
        }
    }
}
