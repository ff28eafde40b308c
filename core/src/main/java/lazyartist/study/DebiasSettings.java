package lazyartist.study;

import java.util.List;
import java.util.Map;
import lazyartist.LabException;
import lazyartist.task.DebiasTask;
import lazyartist.train.Debiasing;

/**
 * The study's intervention: debiasing methods, each trained with {@code seeds} seeds (42, 43, …).
 *
 * @param methodEpochs epochs of the methods that need more than {@code options} gives every method
 */
public record DebiasSettings(List<String> methods, int seeds, Debiasing.Options options,
        Map<String, Integer> methodEpochs) {

    /** Every method (the everything preset's). */
    static final List<String> ALL = java.util.Arrays.stream(Debiasing.Method.values()).map(m -> m.key).toList();
    /** The default study's seven methods (vanilla is the cheaters' row; Group DRO, DFR and DisEnt the benchmark's). */
    static final List<String> STUDY = List.of("penalty", "channel-diff", "balance-dropout", "batchnorm",
            "group-balance", "lff", "jtt");
    /**
     * One epoch per method keeps the default study short; colour balancing with spatial dropout gets
     * three, as its original study trained it (one epoch: 61.4% hard, below the original's 72%).
     */
    static final DebiasSettings DEFAULTS = new DebiasSettings(STUDY, 1, Debiasing.Options.DEFAULTS.withEpochs(1, 2),
            Map.of("balance-dropout", 3));

    public DebiasSettings {
        methods.forEach(Debiasing.Method::of);
        methodEpochs = methodEpochs == null ? Map.of() : Map.copyOf(methodEpochs);
        methodEpochs.keySet().forEach(Debiasing.Method::of);
        if (seeds < 1) {
            throw new LabException("debias.seeds must be at least 1, got " + seeds);
        }
    }

    /** The debias task's plan: every method, its seeds from {@code firstSeed}. */
    DebiasTask.Plan plan(long firstSeed) {
        Map<Debiasing.Method, Integer> epochs = new java.util.EnumMap<>(Debiasing.Method.class);
        methodEpochs.forEach((method, n) -> epochs.put(Debiasing.Method.of(method), n));
        return new DebiasTask.Plan(methods.stream().map(Debiasing.Method::of).toList(), seeds, firstSeed, options,
                epochs);
    }
}
