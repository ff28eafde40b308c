package lazyartist.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import lazyartist.LabException;
import lazyartist.data.ColoredSplit;
import lazyartist.model.Architecture;
import lazyartist.model.Gradients;
import lazyartist.model.Layer;
import lazyartist.model.Optimiser;
import lazyartist.model.TwinEncoder;

/**
 * DisEnt (Lee et al., NeurIPS 2021; kakaoenterprise/Learning-Debiased-Disentangled), bias-agnostic:
 * an intrinsic and a bias encoder, each followed by its own head reading both encoders' features. The
 * bias head learns with generalised cross-entropy (so its encoder takes the shortcut), the intrinsic
 * head with cross-entropy weighted by LfF's {@link RelativeDifficulty}; gradients never cross from one
 * half's loss into the other's encoder. From a fifth of training on (the authors' 10,000 of 50,000
 * steps) the bias features are also swapped within the batch: the intrinsic head must still give the
 * digit, the bias head the digit whose bias features it now reads. The network kept is the encoders
 * and the intrinsic head ({@link Architecture#twinned()}); the bias head is dropped.
 */
public final class DisEnt implements Objective {

    /** The authors' Colored-MNIST weights: λ_dis_align, λ_swap_align and λ_swap. */
    static final double LAMBDA_DIS_ALIGN = 10;
    static final double LAMBDA_SWAP_ALIGN = 10;
    static final double LAMBDA_SWAP = 1;
    /** Share of training before the feature swap starts. */
    static final double SWAP_FROM = 0.2;

    private final RelativeDifficulty difficulty;
    private Block biasHead;
    private ParameterStore biasStore;
    private Optimiser biasOptimiser;
    private Random random;

    public DisEnt(ColoredSplit train) {
        this.difficulty = new RelativeDifficulty(train.labels());
    }

    @Override
    public String name() {
        return "disent";
    }

    @Override
    public Map<String, Object> options() {
        return Map.of("q", LearningFromFailure.Q, "decay", RelativeDifficulty.DECAY, "lambdaDisAlign",
                LAMBDA_DIS_ALIGN, "lambdaSwapAlign", LAMBDA_SWAP_ALIGN, "lambdaSwap", LAMBDA_SWAP, "swapFrom",
                SWAP_FROM);
    }

    @Override
    public void start(TrainConfig config, NDManager manager) {
        List<Layer> layers = Architecture.of(config.architecture()).layers();
        if (!layers.get(0).name().equals(Architecture.ENCODERS)) {
            throw new LabException("DisEnt trains a twin-encoder network, not '" + config.architecture() + "'");
        }
        int width = layers.get(layers.size() - 1).in();
        biasHead = Linear.builder().setUnits(10).build();
        biasHead.initialize(manager, DataType.FLOAT32, new Shape(1, width));
        biasOptimiser = config.optimiser(biasHead, manager);
        biasStore = new ParameterStore(manager, false);
        random = new Random(config.seed());
    }

    @Override
    public Step step(Batch batch) {
        TwinEncoder twin = (TwinEncoder) batch.net().stage(Architecture.ENCODERS);
        NDArray y = batch.labels();
        NDArray intrinsic = twin.intrinsic().logits(batch.ps(), batch.images(), true);
        NDArray bias = twin.bias().logits(batch.ps(), batch.images(), true);
        NDArray conflict = batch.net().forwardFrom(batch.ps(), intrinsic.concat(bias.stopGradient(), 1),
                Architecture.ENCODERS, true);
        NDArray align = biasHead(intrinsic.stopGradient().concat(bias, 1));
        NDArray conflictCe = CrossEntropy.perSample(conflict, y);
        float[] weights = difficulty.weights(batch.indices().toLongArray(),
                CrossEntropy.perSample(align.stopGradient(), y).toFloatArray(),
                conflictCe.stopGradient().toFloatArray());
        NDArray w = batch.images().getManager().create(weights);
        NDArray alignGce = gce(align, y);
        NDArray loss = conflictCe.mul(w).mean().add(alignGce.mul(LAMBDA_DIS_ALIGN));
        Map<String, NDArray> terms = new LinkedHashMap<>();
        terms.put("ce", conflictCe.mean());
        terms.put("gce", alignGce);
        terms.put("weight", w.mean());
        if (batch.progress() >= SWAP_FROM) {
            Swap swap = Swap.of(intrinsic, bias, y, batch.images().getManager().create(permutation((int) y.size())));
            NDArray swapConflict = CrossEntropy.perSample(batch.net().forwardFrom(batch.ps(), swap.intrinsicInput(),
                    Architecture.ENCODERS, true), y).mul(w).mean();
            NDArray swapAlign = gce(biasHead(swap.biasInput()), swap.labels());
            loss = loss.add(swapConflict.add(swapAlign.mul(LAMBDA_SWAP_ALIGN)).mul(LAMBDA_SWAP));
            terms.put("swap", swapConflict);
        }
        Gradients.zero(biasHead);
        return new Step(loss, conflict, terms);
    }

    /**
     * The feature swap: both heads read every sample's own intrinsic features beside another sample's
     * bias features ({@code order} says whose), the bias head answers that other sample's digit. Each
     * head's input is detached where its loss must not train the other half's encoder.
     */
    record Swap(NDArray intrinsicInput, NDArray biasInput, NDArray labels) {

        static Swap of(NDArray intrinsic, NDArray bias, NDArray labels, NDArray order) {
            NDArray swapped = bias.get(order);
            return new Swap(intrinsic.concat(swapped.stopGradient(), 1), intrinsic.stopGradient().concat(swapped, 1),
                    labels.get(order));
        }
    }

    private NDArray biasHead(NDArray features) {
        return biasHead.forward(biasStore, new ai.djl.ndarray.NDList(features), true).singletonOrThrow();
    }

    /** The authors' GCE: its gradient is q times LfF's, cross-entropy's scaled by q · p^q. */
    private static NDArray gce(NDArray logits, NDArray labels) {
        return LearningFromFailure.generalisedCrossEntropy(logits, labels).mul(LearningFromFailure.Q);
    }

    /** A permutation of 0..n−1, the next of the run's seeded sequence. */
    long[] permutation(int n) {
        return java.util.Arrays.stream(lazyartist.data.SplitDataset.permutation(n, random.nextLong()))
                .asLongStream().toArray();
    }

    @Override
    public void afterUpdate(double rateFactor) {
        biasOptimiser.step(rateFactor);
    }

    @Override
    public boolean resumable() {
        return false;
    }
}
