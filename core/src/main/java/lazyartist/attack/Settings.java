package lazyartist.attack;

import lazyartist.OptionException;

/**
 * How attacks run; start from {@link #DEFAULTS} and change what differs.
 *
 * @param steps gradient steps of PGD and APGD; DeepFool's largest number of steps
 * @param restarts runs of PGD and APGD; PGD's first starts from the clean image, every other run (and
 *     APGD's first) from a random point of the ball, for the images not yet fooled
 * @param loss what FGSM and PGD climb (APGD names its own, Square uses the target's cross-entropy)
 * @param confidence the target probability a targeted success needs
 * @param queries Square's model queries per image
 * @param norm the budget's geometry
 */
public record Settings(int steps, int restarts, Loss loss, double confidence, long seed, int queries, Norm norm) {

    /** The {@code attack} command's defaults: APGD's 100 steps, one run, cross-entropy, 90%, Square's 5,000 queries. */
    public static final Settings DEFAULTS = new Settings(100, 1, Loss.CE, 0.9, 42, 5000, Norm.LINF);

    public Settings {
        if (steps < 1) {
            throw new OptionException("{steps} must be at least 1, got " + steps);
        }
        if (restarts < 1) {
            throw new OptionException("{restarts} must be at least 1, got " + restarts);
        }
        if (!(confidence >= 0 && confidence < 1)) {
            throw new OptionException("{confidence} must be in [0, 1), got " + confidence);
        }
        if (queries < 1) {
            throw new OptionException("{queries} must be at least 1, got " + queries);
        }
        if (loss == Loss.DLR) {
            throw new OptionException("{loss} must be ce or margin (the DLR loss is APGD's: {methods} apgd-dlr)");
        }
        if (norm == null) {
            throw new OptionException("{norm} must be linf or l2");
        }
    }

    /** The target log-odds h = z_t − log Σ_{j≠t} e^{z_j} at which p(target) reaches the confidence. */
    double logOdds() {
        return confidence <= 0.5 ? 0 : Math.log(confidence / (1 - confidence));
    }

    /** The targeted margin's floor κ: a logit gap of the log-odds plus log 9 (nine rivals) reaches the confidence. */
    double kappa() {
        return logOdds() + Math.log(9);
    }

    public Settings withSteps(int n) {
        return new Settings(n, restarts, loss, confidence, seed, queries, norm);
    }

    public Settings withRestarts(int n) {
        return new Settings(steps, n, loss, confidence, seed, queries, norm);
    }

    public Settings withLoss(Loss l) {
        return new Settings(steps, restarts, l, confidence, seed, queries, norm);
    }

    public Settings withConfidence(double c) {
        return new Settings(steps, restarts, loss, c, seed, queries, norm);
    }

    public Settings withSeed(long s) {
        return new Settings(steps, restarts, loss, confidence, s, queries, norm);
    }

    public Settings withQueries(int n) {
        return new Settings(steps, restarts, loss, confidence, seed, n, norm);
    }

    public Settings withNorm(Norm n) {
        return new Settings(steps, restarts, loss, confidence, seed, queries, n);
    }
}
