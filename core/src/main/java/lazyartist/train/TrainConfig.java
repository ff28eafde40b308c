package lazyartist.train;

import lazyartist.LabException;
import lazyartist.OptionException;
import lazyartist.model.Architecture;
import lazyartist.model.Optimiser;

/**
 * Options of one training run.
 *
 * @param patience epochs without a better validation accuracy before stopping early (constant schedule only:
 *     a cosine schedule runs to its end, where its steps are smallest)
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

    public static final int DEFAULT_PATIENCE = 3;
    /** The seed every command starts from unless told otherwise. */
    public static final long DEFAULT_SEED = 42;

    public TrainConfig {
        if (epochs < 1) {
            throw new OptionException("{epochs} must be at least 1, got " + epochs);
        }
        if (batchSize < 1) {
            throw new OptionException("{batchSize} must be at least 1, got " + batchSize);
        }
        if (!(learningRate > 0)) {
            throw new OptionException("{learningRate} must be positive, got " + learningRate);
        }
        if (weightDecay < 0 || momentum < 0 || momentum >= 1) {
            throw new OptionException("{weightDecay} must be ≥ 0 and {momentum} in [0, 1)");
        }
        if (schedule == null) {
            throw new LabException("the learning-rate schedule must be constant or cosine");
        }
        if (patience < 1) {
            throw new OptionException("{patience} must be at least 1, got " + patience);
        }
    }

    /**
     * The recipe an architecture trains with unless told otherwise: the one the study trains its
     * cheater of that architecture with, so that {@code train --arch A} gives the network the report shows.
     */
    public static TrainConfig defaults(Architecture architecture) {
        return switch (architecture) {
            // Small, annealed steps sharpen the colour boundaries before the shape is learned from the
            // 5% conflicting digits (faster or longer runs learn the shape; README).
            case LAZY -> adam(architecture, 5e-5, 3, Schedule.COSINE);
            // Two annealed epochs read the colour of 99% of aligned digits; longer runs start on the shape.
            case COARSE -> adam(architecture, 1e-3, 2, Schedule.COSINE);
            case MLP, AUTHORS_MLP -> adam(architecture, 1e-3, 3, Schedule.CONSTANT);
            case PYTORCH_EXAMPLE, ROBUST, BALANCE_DROPOUT -> adam(architecture, 1e-3, 2, Schedule.CONSTANT);
            // ResNet's usual SGD recipe; one epoch costs ~20 minutes on two cores.
            case DISENT_MLP, DISENT_AUTHORS_MLP, DISENT_LAZY, DISENT_ROBUST -> {
                TrainConfig encoder = defaults(architecture.encoder());
                yield new TrainConfig(architecture.key(), encoder.epochs(), encoder.batchSize(), encoder.optimiser(),
                        encoder.learningRate(), encoder.weightDecay(), encoder.momentum(), encoder.seed(),
                        encoder.patience(), encoder.schedule());
            }
            case RESNET18 -> new TrainConfig(architecture.key(), 1, 128, Optimiser.Kind.SGD, 0.01, 5e-4, 0.9,
                    DEFAULT_SEED, DEFAULT_PATIENCE, Schedule.CONSTANT);
        };
    }

    private static TrainConfig adam(Architecture architecture, double learningRate, int epochs, Schedule schedule) {
        return new TrainConfig(architecture.key(), epochs, 64, Optimiser.Kind.ADAM, learningRate, 0, 0.9, DEFAULT_SEED,
                DEFAULT_PATIENCE, schedule);
    }

    /** The optimiser this config asks for, over a network's trainable parameters. */
    public Optimiser optimiser(ai.djl.nn.Block net, ai.djl.ndarray.NDManager manager) {
        var trainable = net.getParameters().values().stream().filter(ai.djl.nn.Parameter::requiresGradient).toList();
        return new Optimiser(optimiser, learningRate, weightDecay, momentum, trainable, manager);
    }

    public TrainConfig withEpochs(int n) {
        return new TrainConfig(architecture, n, batchSize, optimiser, learningRate, weightDecay, momentum, seed,
                patience, schedule);
    }

    public TrainConfig withSchedule(Schedule s) {
        return new TrainConfig(architecture, epochs, batchSize, optimiser, learningRate, weightDecay, momentum, seed,
                patience, s);
    }

    /** Epochs without a better validation accuracy before a constant-rate run stops. */
    public TrainConfig withPatience(int epochs) {
        return new TrainConfig(architecture, this.epochs, batchSize, optimiser, learningRate, weightDecay, momentum, seed,
                epochs, schedule);
    }

    public TrainConfig withSeed(long s) {
        return new TrainConfig(architecture, epochs, batchSize, optimiser, learningRate, weightDecay, momentum, s,
                patience, schedule);
    }
}
