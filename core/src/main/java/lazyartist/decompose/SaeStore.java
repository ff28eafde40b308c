package lazyartist.decompose;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import lazyartist.io.Json;
import lazyartist.io.Versions;

/**
 * A trained autoencoder on disk, readable by SAELens users: {@code sae.safetensors} (W_enc, b_enc,
 * W_dec, b_dec, and threshold for the thresholded kinds, as float32) and {@code cfg.json} saying
 * what it reads and how it was trained, with SAELens' {@code architecture}.
 */
public final class SaeStore {

    /** The folder in a model's folder that holds its decompositions, one per stage. */
    public static final String FOLDER = "decompose";
    public static final String WEIGHTS = "sae.safetensors";
    public static final String CONFIG = "cfg.json";
    /** Every feature's label and statistics (written by the report's decomposition files). */
    public static final String FEATURES = "features.json";

    private SaeStore() {}

    /** The folder of a model's decomposition at a stage. */
    public static Path dir(Path model, String stage) {
        return model.resolve(FOLDER).resolve(stage);
    }

    /**
     * SAELens' name for how a kind encodes at inference: BatchTopK and Matryoshka are saved as JumpReLU
     * with their learned threshold, as SAELens saves them.
     */
    static String architecture(SparseAutoencoder.Kind kind) {
        return switch (kind) {
            case TOPK -> "topk";
            case RELU_L1 -> "standard";
            case BATCHTOPK, JUMPRELU, MATRYOSHKA -> "jumprelu";
        };
    }

    public static void write(Path dir, Decomposition.Result r, Map<String, Object> provenance) {
        SaeOptions o = r.options();
        r.training().sae().save(dir.resolve(WEIGHTS), Map.of("format", "pt", "stage", r.stage(), "lazy-artist",
                Versions.lab()));
        Map<String, Object> cfg = new LinkedHashMap<>();
        cfg.put("d_in", r.width());
        cfg.put("d_sae", r.training().sae().dSae());
        cfg.put("architecture", architecture(o.kind()));
        cfg.put("kind", o.kind().key());
        switch (o.kind()) {
            case TOPK, BATCHTOPK -> cfg.put("k", o.k());
            case MATRYOSHKA -> {
                cfg.put("k", o.k());
                cfg.put("matryoshka_widths", o.prefixes(r.training().sae().dSae()));
            }
            case JUMPRELU -> {
                cfg.put("l0_coefficient", o.l0Coefficient());
                cfg.put("jumprelu_bandwidth", o.bandwidth());
                cfg.put("l0_warm_up_steps", SaeTraining.warmUpSteps(r.trainingTokens(), o));
                cfg.put("jumprelu_init_threshold", "per feature: where it fires on k / d_sae of the first batch,"
                        + " k = " + o.k());
            }
            case RELU_L1 -> cfg.put("l1_coefficient", o.l1());
        }
        cfg.put("stage", r.stage());
        cfg.put("tokens", r.tokens().key());
        cfg.put("token_layout", r.tokens() == Tokens.IMAGE ? "the stage output flattened in PyTorch C×H×W order"
                : "one C-vector per spatial position, row-major over H×W");
        cfg.put("dead_features", "auxiliary loss (Gao et al., 2024): features silent for "
                + SaeTraining.DEAD_AFTER + " tokens reconstruct the residual, weight " + SaeTraining.AUX_WEIGHT);
        cfg.put("normalisation_scale", r.training().scale());
        Map<String, Object> training = new LinkedHashMap<>();
        training.put("epochs", o.epochs());
        training.put("batch_size", o.batchSize());
        training.put("lr", o.learningRate());
        training.put("expansion", o.expansion());
        training.put("seed", o.seed());
        training.put("tokens", r.trainingTokens());
        cfg.put("training", training);
        Map<String, Object> prov = new LinkedHashMap<>(provenance);
        prov.put("versions", Versions.all());
        cfg.put("provenance", prov);
        Json.write(dir.resolve(CONFIG), cfg);
    }
}
