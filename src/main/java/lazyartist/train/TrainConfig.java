package lazyartist.train;

import lazyartist.LabException;

/**
 * Options of one training run.
 *
 * @param patience epochs without a better validation accuracy before stopping early
 * @param schedule how the learning rate moves over training
 */
public record TrainConfig(String architecture, int epochs, int batchSize, Optimiser.Kind optimiser, double learningRate,
        double weightDecay, double momentum, long seed, int patience, Schedule schedule) {

    /** The learning rate's course: constant, or cosine annealing from the full rate to zero. */
    public enum Schedule {
        CONSTANT, COSINE;

        /** The fraction of the learning rate at a point of training (0 at the start, 1 at the end). */
        public double factor(double progress) {
            return this == CONSTANT ? 1 : 0.5 * (1 + Math.cos(Math.PI * progress));
        }
    }

    public static final int DEFAULT_EPOCHS = 5;
    public static final int DEFAULT_BATCH = 64;
    /** Adam's usual step size; the lazy CNN reaches 99% on easy-val with it in a few epochs. */
    public static final double DEFAULT_LEARNING_RATE = 1e-3;
    public static final int DEFAULT_PATIENCE = 3;

    public TrainConfig {
        if (epochs < 1) {
            throw new LabException("--epochs must be at least 1, got " + epochs);
        }
        if (batchSize < 1) {
            throw new LabException("--batch-size must be at least 1, got " + batchSize);
        }
        if (!(learningRate > 0)) {
            throw new LabException("--lr must be positive, got " + learningRate);
        }
        if (weightDecay < 0 || momentum < 0 || momentum >= 1) {
            throw new LabException("--weight-decay must be ≥ 0 and --momentum in [0, 1)");
        }
        if (schedule == null) {
            throw new LabException("the learning-rate schedule must be constant or cosine");
        }
        if (patience < 1) {
            throw new LabException("--patience must be at least 1, got " + patience);
        }
    }

    /** The defaults for an architecture. */
    public static TrainConfig defaults(String architecture) {
        return new TrainConfig(architecture, DEFAULT_EPOCHS, DEFAULT_BATCH, Optimiser.Kind.ADAM, DEFAULT_LEARNING_RATE,
                0, 0.9, 42, DEFAULT_PATIENCE, Schedule.CONSTANT);
    }

    public TrainConfig withEpochs(int n) {
        return new TrainConfig(architecture, n, batchSize, optimiser, learningRate, weightDecay, momentum, seed,
                patience, schedule);
    }

    public TrainConfig withSchedule(Schedule s) {
        return new TrainConfig(architecture, epochs, batchSize, optimiser, learningRate, weightDecay, momentum, seed,
                patience, s);
    }

    public TrainConfig withSeed(long s) {
        return new TrainConfig(architecture, epochs, batchSize, optimiser, learningRate, weightDecay, momentum, s,
                patience, schedule);
    }
}
