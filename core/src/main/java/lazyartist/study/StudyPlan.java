package lazyartist.study;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import lazyartist.data.Mode;
import lazyartist.model.Architecture;
import lazyartist.probe.Probing;
import lazyartist.task.DebiasTable;
import lazyartist.task.RunLayout;
import lazyartist.train.EngineSpeed;

/** What a study will run, said before it starts, with an estimate of its time on this machine. */
final class StudyPlan {

    private StudyPlan() {}

    /** The stages this config runs, in order; the best debiased model's by key until the debias table names it. */
    static List<Estimate.Stage> stages(StudyConfig config, RunLayout layout) {
        List<Estimate.Stage> plan = new ArrayList<>();
        for (Mode mode : config.modes()) {
            plan.add(stage("dataset-" + mode.key()));
            for (StudyConfig.Cheater cheater : config.cheaters()) {
                String name = RunLayout.cheater(cheater.architecture(), mode);
                boolean shortcut = cheater.architecture().equals(config.shortcutCheater(mode));
                plan.add(stage("train-" + name));
                plan.add(stage("evaluate-" + name));
                if (!Probing.stages(Architecture.of(cheater.architecture()).build()).isEmpty()) {
                    plan.add(stage("probe-" + name));
                }
                plan.add(stage("explain-" + name));
                plan.add(new Estimate.Stage("attack-" + name, Estimate.key("attack-" + name) + (shortcut ? "-headline" : "")));
            }
            List<String> firstSeeds = new ArrayList<>();
            for (String method : config.debias().methods()) {
                for (int s = 0; s < config.debias().seeds(); s++) {
                    plan.add(stage(RunLayout.debiased(method, config.seed() + s, mode)));
                }
                firstSeeds.add(RunLayout.debiased(method, config.seed(), mode));
            }
            String best = bestDebiased(config, layout, mode);
            for (String name : firstSeeds) {
                plan.add(name.equals(best) ? new Estimate.Stage("attack-" + name, "attack-best")
                        : stage("attack-" + name));
            }
            String cheater = RunLayout.cheater(config.shortcutCheater(mode), mode);
            if (best == null && !firstSeeds.isEmpty()) {
                // The headline plan replaces one method's light attack: counted as the difference.
                plan.add(new Estimate.Stage(null, "attack-best-extra"));
            }
            plan.add(best == null ? new Estimate.Stage(null, "explain-best") : new Estimate.Stage("explain-" + best,
                    "explain-best"));
            plan.add(stage("sanity-" + cheater));
            plan.add(best == null ? new Estimate.Stage(null, "sanity-best") : new Estimate.Stage("sanity-" + best,
                    "sanity-best"));
            plan.add(stage("decompose-" + cheater));
            plan.add(best == null ? new Estimate.Stage(null, "decompose-best")
                    : new Estimate.Stage("decompose-" + best, "decompose-best"));
            if (config.decompose().frontier() != null) {
                plan.add(stage("frontier-" + cheater));
                plan.add(best == null ? new Estimate.Stage(null, "frontier-best")
                        : new Estimate.Stage("frontier-" + best, "frontier-best"));
            }
        }
        plan.add(stage("report"));
        return plan;
    }

    private static Estimate.Stage stage(String name) {
        return new Estimate.Stage(name, Estimate.key(name));
    }

    /** Prints the plan and its estimated time on this machine, from a second of calibration. */
    static void announce(StudyConfig config, RunLayout layout, StageRunner stages) {
        List<Estimate.Stage> plan = stages(config, layout);
        List<Estimate.Stage> toDo = plan.stream().filter(s -> s.name() == null || !stages.recorded(s.name())).toList();
        List<String> cheaters = config.cheaters().stream().map(StudyConfig.Cheater::architecture).toList();
        stages.say(String.format(Locale.ROOT, "plan: %s mode; cheaters %s (train, evaluate, probe, explain, attack);"
                + " debias %d methods × %d seed%s, each attacked; on each mode's shortcut cheater and best debiased model"
                + " the attack suite (%s), the map sanity checks and a sparse autoencoder; then the report. %d stages,"
                + " %d already done.", String.join(" and ", config.modes().stream().map(Mode::key).toList()),
                String.join(", ", cheaters), config.debias().methods().size(), config.debias().seeds(),
                config.debias().seeds() == 1 ? "" : "s", String.join(", ", config.headlineAttacks().norms()),
                plan.size(), plan.size() - toDo.size()));
        Estimate.Reference reference = Estimate.Reference.load();
        double here = EngineSpeed.imagesPerSecond(Architecture.LAZY, 64, 50, 100);
        double speed = here / reference.imagesPerSecond();
        boolean quick = config.trainSubset() > 0;
        Estimate estimate = Estimate.of(toDo, reference.presets().get(quick ? "quick" : "default"), speed);
        String unknown = estimate.unknown().isEmpty() ? "" : String.format(Locale.ROOT, " (and %d stages the"
                + " reference never ran, such as %s)", estimate.unknown().size(), estimate.unknown().get(0));
        stages.say(String.format(Locale.ROOT, "estimate: about %.0f min on this machine%s: the stage times of a"
                + " reference run on %s, scaled by how fast each trains the lazy CNN (%,.0f images/s here, %,.0f"
                + " there).", estimate.seconds() / 60, unknown, reference.machine(), here, reference.imagesPerSecond()));
        if (!quick && estimate.seconds() > 600) {
            Estimate first = Estimate.of(stages(StudyConfig.quick(), layout), reference.presets().get("quick"), speed);
            stages.say(String.format(Locale.ROOT, "for a first look, `study --quick --out runs/quick` takes about %.0f"
                    + " min.", Math.max(1, first.seconds() / 60)));
        }
    }

    /** The mode's best debiased model, chosen on its colour-conflicting validation digits (null: not trained yet). */
    static String bestDebiased(StudyConfig config, RunLayout layout, Mode mode) {
        Path table = layout.debiasTable(mode).resolve(DebiasTable.JSON);
        return Files.isRegularFile(table) ? DebiasTable.best(table)
                .map(method -> RunLayout.debiased(method, config.seed(), mode)).orElse(null) : null;
    }
}
