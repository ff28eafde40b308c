package lazyartist.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import lazyartist.data.ColoredSplit;
import lazyartist.data.SplitDataset;
import lazyartist.model.Gradients;
import lazyartist.model.Layer;
import lazyartist.model.Optimiser;
import lazyartist.model.TappedNetwork;

/**
 * Deep Feature Reweighting (Kirichenko et al., ICLR 2023), bias-aware: a network trained with plain
 * cross-entropy keeps its features, and its head is refitted as a logistic regression on
 * group-balanced held-out digits (features standardised, as the authors do), averaged over several
 * balanced draws. Groups are (digit, wears its class colour or not): with 100 (digit, colour) groups
 * most conflicting groups of a small held-out set are empty, while every digit has both kinds.
 */
public final class LastLayerRetraining {

    /** Balanced draws whose heads are averaged, as in the authors' code. */
    static final int DRAWS = 10;
    static final int STEPS = 300;
    static final double LEARNING_RATE = 0.01;

    private LastLayerRetraining() {}

    /** What a refit used, for the model card. */
    public record Refit(int heldOut, int perGroup, int draws, int steps, double learningRate) {

        Map<String, Object> card() {
            return Map.of("heldOut", heldOut, "perGroup", perGroup, "draws", draws, "steps", steps,
                    "learningRate", learningRate, "groups", "digit × aligned");
        }
    }

    /** One balanced draw: every (digit, aligned) group of {@code heldOut} cut to the smallest one's size. */
    static int[] balancedDraw(ColoredSplit heldOut, Random random) {
        List<List<Integer>> groups = groups(heldOut);
        int perGroup = perGroup(groups);
        List<Integer> out = new ArrayList<>();
        for (List<Integer> group : groups) {
            List<Integer> shuffled = new ArrayList<>(group);
            java.util.Collections.shuffle(shuffled, random);
            out.addAll(shuffled.subList(0, perGroup));
        }
        return out.stream().mapToInt(Integer::intValue).sorted().toArray();
    }

    /** Refits {@code net}'s head in place on balanced draws of {@code heldOut}. */
    public static Refit refit(TappedNetwork net, ColoredSplit heldOut, long seed, NDManager manager) {
        List<Layer> layers = net.layers();
        Layer head = layers.get(layers.size() - 1);
        String featureStage = layers.get(layers.size() - 2).name();
        Random random = new Random(seed);
        Engine.getInstance().setRandomSeed(Long.hashCode(seed));
        int perGroup = perGroup(groups(heldOut));
        NDArray weightSum = manager.zeros(new Shape(head.out(), head.in()));
        NDArray biasSum = manager.zeros(new Shape(head.out()));
        try (NDManager scope = manager.newSubManager()) {
            ParameterStore ps = new ParameterStore(scope, false);
            for (int d = 0; d < DRAWS; d++) {
                int[] draw = balancedDraw(heldOut, random);
                NDArray features = net.forwardTo(ps, SplitDataset.images(scope, heldOut, draw), featureStage, false)
                        .reshape(draw.length, -1);
                NDArray mean = features.mean(new int[] {0});
                NDArray std = features.sub(mean).square().mean(new int[] {0}).sqrt().add(1e-6f);
                NDArray labels = scope.create(java.util.Arrays.stream(draw).map(i -> heldOut.labels()[i]).toArray());
                Block fresh = logisticRegression(features.sub(mean).div(std), labels, head.out(), scope);
                NDArray w = fresh.getParameters().get("weight").getArray().div(std);
                NDArray b = fresh.getParameters().get("bias").getArray().sub(w.matMul(mean));
                weightSum.addi(w);
                biasSum.addi(b);
            }
        }
        Block target = net.stage(head.name());
        Gradients.assign(target.getParameters().get("weight").getArray(), weightSum.div(DRAWS));
        Gradients.assign(target.getParameters().get("bias").getArray(), biasSum.div(DRAWS));
        return new Refit(heldOut.size(), perGroup, DRAWS, STEPS, LEARNING_RATE);
    }

    /** A linear head fitted by full-batch Adam on cross-entropy. */
    private static Block logisticRegression(NDArray x, NDArray labels, int classes, NDManager manager) {
        Block linear = Linear.builder().setUnits(classes).build();
        linear.initialize(manager, DataType.FLOAT32, new Shape(1, x.getShape().get(1)));
        Optimiser adam = new Optimiser(Optimiser.Kind.ADAM, LEARNING_RATE, 0, 0.9,
                linear.getParameters().values().stream().toList(), manager);
        ParameterStore ps = new ParameterStore(manager, false);
        for (int step = 0; step < STEPS; step++) {
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray logits = linear.forward(ps, new ai.djl.ndarray.NDList(x), true).singletonOrThrow();
                collector.backward(CrossEntropy.loss(logits, labels));
            }
            adam.step();
        }
        return linear;
    }

    /** Indices of each (digit, aligned) group, digit-major, aligned first. */
    private static List<List<Integer>> groups(ColoredSplit split) {
        List<List<Integer>> groups = new ArrayList<>();
        for (int g = 0; g < 20; g++) {
            groups.add(new ArrayList<>());
        }
        for (int i = 0; i < split.size(); i++) {
            groups.get(split.labels()[i] * 2 + (split.aligned(i) ? 0 : 1)).add(i);
        }
        return groups;
    }

    private static int perGroup(List<List<Integer>> groups) {
        int smallest = groups.stream().mapToInt(List::size).min().orElse(0);
        if (smallest == 0) {
            throw new lazyartist.LabException("DFR needs held-out digits of every digit both in and out of its class"
                    + " colour; the validation split lacks some: generate a larger one (--val-fraction)");
        }
        return smallest;
    }
}
