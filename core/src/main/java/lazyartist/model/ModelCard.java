package lazyartist.model;

import java.util.List;
import java.util.Map;

/**
 * What made a model and what it scored: {@code model.json} beside its parameters.
 *
 * @param role what the model is for in a study (null in cards written before roles: {@link Role#PLAIN})
 * @param method the debiasing method that trained it (null for the others)
 * @param layers the stages in PyTorch vocabulary, to rebuild and to check the parameters against
 * @param inputShape C×H×W the model takes
 * @param trainedBatches optimiser steps taken (PyTorch's num_batches_tracked for batch-norm)
 * @param training the training options, objective included
 * @param data where the training data came from and its fingerprint
 * @param metrics validation numbers from training; evaluation adds its own files
 */
public record ModelCard(String name, String architecture, List<Layer> layers, long[] inputShape, long trainedBatches,
        Map<String, Object> training, Map<String, Object> data, Map<String, Object> metrics, String command,
        Map<String, String> versions, Role role, String method) {

    /** What a model is for: the lab, the report and the study tell models apart by it, never by their names. */
    public enum Role {
        /** Trained with plain cross-entropy on the biased split: the cheaters. */
        PLAIN,
        /** Trained by a debiasing method. */
        DEBIASED,
        /** A helper another run needed (JTT's error-finding first run): not a result of its own. */
        AUXILIARY
    }

    public ModelCard {
        role = role == null ? Role.PLAIN : role;
    }

    /**
     * The data set folder the model in {@code modelDir} was trained on. It is recorded relative to
     * the model's folder, so that a run folder can be moved, and is resolved from there.
     */
    public java.nio.file.Path dataPath(java.nio.file.Path modelDir) {
        return modelDir.resolve(String.valueOf(data.get("path"))).normalize();
    }
}
