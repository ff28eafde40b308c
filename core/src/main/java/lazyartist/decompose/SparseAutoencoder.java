package lazyartist.decompose;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import lazyartist.LabException;
import lazyartist.OptionException;
import lazyartist.model.Safetensors;

/**
 * A sparse autoencoder in SAELens' conventions: pre-activations {@code (x − b_dec) W_enc + b_enc},
 * features from them by the kind's rule, reconstruction {@code f W_dec + b_dec}, decoder rows of
 * unit norm. BatchTopK and Matryoshka estimate, while they train, one threshold for every feature,
 * JumpReLU learns one per feature; at inference all three keep a feature where its pre-activation
 * exceeds its threshold, as SAELens saves them (JumpReLU).
 */
public final class SparseAutoencoder implements AutoCloseable {

    /** How sparsity is obtained. */
    public enum Kind {
        /** Keep the k largest ReLU'd pre-activations of each token. */
        TOPK,
        /** ReLU, with an L1 penalty weighted by each decoder row's norm. */
        RELU_L1,
        /** Keep the k × batch largest over a training batch; at inference, above one learned threshold. */
        BATCHTOPK,
        /** A learned threshold per feature, trained by straight-through gradients and an L0 penalty. */
        JUMPRELU,
        /** BatchTopK whose nested prefixes of the dictionary each reconstruct on their own. */
        MATRYOSHKA;

        public static Kind parse(String text) {
            for (Kind k : values()) {
                if (k.key().equals(text.toLowerCase(Locale.ROOT))) {
                    return k;
                }
            }
            throw new OptionException("{kind} must be topk, relu-l1, batchtopk, jumprelu or matryoshka, got '" + text + "'");
        }

        public String key() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        /** Whether k sets the sparsity (JumpReLU's only its starting point). */
        public boolean usesK() {
            return this != RELU_L1;
        }

        /** Whether a penalty in the loss sets the sparsity (L1 or L0), not a count of kept features. */
        public boolean penalised() {
            return this == RELU_L1 || this == JUMPRELU;
        }

        /** Whether features are kept above a threshold at inference (saved as {@code threshold}). */
        public boolean thresholded() {
            return this == BATCHTOPK || this == JUMPRELU || this == MATRYOSHKA;
        }
    }

    /** The four tensors of the safetensors file, under SAELens' names. */
    static final List<String> KEYS = List.of("W_enc", "b_enc", "W_dec", "b_dec");
    /** The fifth tensor of the thresholded kinds: each feature's threshold, d_sae. */
    static final String THRESHOLD = "threshold";

    private final Kind kind;
    private final int k;
    private final NDManager manager;
    final Parameter wEnc;
    final Parameter bEnc;
    final Parameter wDec;
    final Parameter bDec;
    /** The thresholded kinds' inference threshold per feature (null for the other kinds). */
    private NDArray threshold;

    private SparseAutoencoder(Kind kind, int k, NDManager manager, NDArray wEnc, NDArray bEnc, NDArray wDec,
            NDArray bDec, NDArray threshold) {
        this.kind = kind;
        this.k = k;
        this.manager = manager;
        this.wEnc = parameter("W_enc", wEnc);
        this.bEnc = parameter("b_enc", bEnc);
        this.wDec = parameter("W_dec", wDec);
        this.bDec = parameter("b_dec", bDec);
        this.threshold = threshold;
    }

    private static Parameter parameter(String name, NDArray array) {
        Parameter p = Parameter.builder().setName(name).setType(Parameter.Type.WEIGHT).build();
        p.setArray(array);
        array.setRequiresGradient(true);
        return p;
    }

    /**
     * A fresh dictionary: unit-norm random decoder rows, the encoder their transpose, b_dec at
     * {@code centre} (the data's mean), b_enc zero.
     */
    static SparseAutoencoder init(Kind kind, int k, int dIn, int dSae, float[] centre, long seed) {
        NDManager manager = NDManager.newBaseManager();
        manager.getEngine().setRandomSeed((int) seed);
        NDArray dec = manager.randomNormal(new Shape(dSae, dIn));
        dec = dec.div(dec.norm(new int[] {1}, true));
        NDArray enc = dec.transpose().duplicate();
        return new SparseAutoencoder(kind, k, manager, enc, manager.zeros(new Shape(dSae)), dec,
                manager.create(centre), kind.thresholded() ? manager.zeros(new Shape(dSae)) : null);
    }

    public Kind kind() {
        return kind;
    }

    /** Features kept per token by TopK, on average by BatchTopK and Matryoshka (0 for the others). */
    public int k() {
        return k;
    }

    public int dIn() {
        return (int) wEnc.getArray().getShape().get(0);
    }

    public int dSae() {
        return (int) wEnc.getArray().getShape().get(1);
    }

    List<Parameter> parameters() {
        return List.of(wEnc, bEnc, wDec, bDec);
    }

    /** Each feature's threshold (null for the kinds without one; read-only use). */
    public NDArray threshold() {
        return threshold;
    }

    /** Sets every feature's threshold to the training's estimate. */
    void setThreshold(float value) {
        threshold.set(new ai.djl.ndarray.index.NDIndex(":"), value);
    }

    /** Sets each feature's threshold (JumpReLU's learned ones). */
    void setThresholds(NDArray values) {
        threshold.set(new ai.djl.ndarray.index.NDIndex(":"), values);
    }

    /**
     * JumpReLU's features {@code pre · H(pre − θ)} and its step {@code H(pre − θ)}, with the paper's
     * straight-through gradients (Rajamanoharan et al., 2024): the features pass {@code H(pre − θ)} to
     * the pre-activations and {@code −(θ/ε) K((pre − θ)/ε)} to each threshold, the step only
     * {@code −(1/ε) K((pre − θ)/ε)} to each threshold, K the rectangle of width 1, summed over tokens.
     * The terms that carry a threshold's gradient are zero forward (θ − θ).
     */
    static NDArray[] jumpRelu(NDArray pre, NDArray theta, double bandwidth) {
        NDArray fixed = theta.stopGradient();
        NDArray offset = pre.stopGradient().sub(fixed);
        NDArray on = offset.gt(0f).toType(DataType.FLOAT32, false);
        NDArray kernel = offset.abs().lt((float) (bandwidth / 2)).toType(DataType.FLOAT32, false)
                .div((float) -bandwidth);
        NDArray zeroForward = theta.sub(fixed);
        NDArray features = pre.mul(on).add(zeroForward.mul(kernel.mul(fixed)));
        NDArray step = on.add(zeroForward.mul(kernel));
        return new NDArray[] {features, step};
    }

    /** Pre-activations of tokens (rows of x). */
    NDArray preActivations(NDArray x) {
        return x.sub(bDec.getArray()).matMul(wEnc.getArray()).add(bEnc.getArray());
    }

    /** Features from pre-activations, at inference. */
    NDArray activate(NDArray pre) {
        if (kind.thresholded()) {
            return pre.mul(pre.gt(threshold).toType(DataType.FLOAT32, false).stopGradient());
        }
        NDArray relu = Activation.relu(pre);
        return kind == Kind.TOPK ? keepLargest(relu, k) : relu;
    }

    /**
     * The {@code count} largest values of the whole array kept, the rest zero: BatchTopK's k × batch
     * over a batch's features.
     */
    static NDArray keepLargestOverall(NDArray values, int count) {
        Shape shape = values.getShape();
        NDArray flat = values.reshape(1, -1);
        return keepLargest(flat, (int) Math.min(count, flat.size())).reshape(shape);
    }

    /** The k largest values of each row kept, the rest zero. */
    static NDArray keepLargest(NDArray values, int k) {
        // A mask from the top-k indices (not a threshold) keeps exactly k, ties or not.
        NDArray indices = values.stopGradient().topK(k, 1, true, false).get(1);
        NDArray mask = values.zerosLike().stopGradient().scatter(indices, indices.onesLike().toType(DataType.FLOAT32,
                false), 1);
        return values.mul(mask);
    }

    /** Features of tokens. */
    public NDArray encode(NDArray x) {
        return activate(preActivations(x));
    }

    /** Reconstruction of features. */
    public NDArray decode(NDArray f) {
        return f.matMul(wDec.getArray()).add(bDec.getArray());
    }

    /** The decoder rows, d_sae × d_in (read-only use). */
    public NDArray decoder() {
        return wDec.getArray();
    }

    /** Rescales every decoder row to unit norm, as SAELens does after each step. */
    void normaliseDecoder() {
        NDArray w = wDec.getArray();
        try (NDArray raw = w.norm(new int[] {1}, true); NDArray norms = raw.maximum(1e-8f)) {
            w.divi(norms);
        }
    }

    /**
     * Folds a scale the training data was multiplied by back into the weights, so that this
     * autoencoder reads the raw activations: features and biases divide by it, directions do not.
     */
    void unscale(float scale) {
        bEnc.getArray().divi(scale);
        bDec.getArray().divi(scale);
        if (threshold != null) {
            threshold.divi(scale);
        }
    }

    /**
     * Writes {@code sae.safetensors}: W_enc [d_in, d_sae], b_enc [d_sae], W_dec [d_sae, d_in], b_dec
     * [d_in], and for the thresholded kinds threshold [d_sae].
     */
    public void save(Path file, Map<String, String> metadata) {
        Map<String, Safetensors.Tensor> tensors = new LinkedHashMap<>();
        for (Parameter p : List.of(wEnc, bEnc, wDec, bDec)) {
            tensors.put(p.getName(), Safetensors.Tensor.of(p.getArray()));
        }
        if (kind.thresholded()) {
            tensors.put(THRESHOLD, Safetensors.Tensor.of(threshold));
        }
        Safetensors.write(file, tensors, metadata);
    }

    /** Reads an autoencoder written by {@link #save}. */
    public static SparseAutoencoder load(Path file, Kind kind, int k) {
        Map<String, Safetensors.Tensor> tensors = Safetensors.read(file);
        List<String> keys = new java.util.ArrayList<>(KEYS);
        if (kind.thresholded()) {
            keys.add(THRESHOLD);
        }
        if (!tensors.keySet().equals(new java.util.HashSet<>(keys))) {
            throw new LabException(file + " holds " + tensors.keySet() + ", not a " + kind.key()
                    + " sparse autoencoder's " + keys);
        }
        NDManager manager = NDManager.newBaseManager();
        NDArray[] arrays = new NDArray[keys.size()];
        for (int i = 0; i < arrays.length; i++) {
            Safetensors.Tensor t = tensors.get(keys.get(i));
            arrays[i] = manager.create(t.floats(), new Shape(t.shape()));
        }
        return new SparseAutoencoder(kind, k, manager, arrays[0], arrays[1], arrays[2], arrays[3],
                kind.thresholded() ? arrays[4] : null);
    }

    @Override
    public void close() {
        manager.close();
    }
}
