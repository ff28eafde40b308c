package lazyartist.train;

import java.util.List;

/**
 * The state of a training run after an epoch, written to {@code checkpoint/state.json} beside the
 * current and best parameters and the optimiser's buffers.
 */
public record Checkpoint(TrainConfig config, String objective, int epochsDone, int bestEpoch, double bestValAccuracy,
        List<EpochRecord> history) {}
