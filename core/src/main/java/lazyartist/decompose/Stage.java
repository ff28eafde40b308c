package lazyartist.decompose;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.List;
import java.util.function.BiConsumer;
import lazyartist.LabException;
import lazyartist.data.ColoredSplit;
import lazyartist.data.SplitDataset;
import lazyartist.model.Layer;
import lazyartist.model.TappedNetwork;

/**
 * The stage of a network a decomposition reads: where the network is cut, how its output becomes
 * tokens, and the batches of a split run up to it.
 */
public record Stage(TappedNetwork net, String name, Shape shape, Tokens tokens) {

    /** Images per forward pass. */
    static final int BATCH = 256;

    /** A stage by name (null: the one that feeds the classifier head), read as these tokens (null: the default). */
    public static Stage of(TappedNetwork net, String name, Tokens tokens) {
        String stage = name != null ? name : headInput(net);
        net.indexOf(stage);
        if (stage.equals(net.stageNames().get(net.stageNames().size() - 1))) {
            throw new LabException("stage '" + stage + "' is the network's output: choose a hidden stage");
        }
        Shape shape = net.stageShapes().get(stage);
        Tokens t = tokens != null ? tokens : Tokens.defaultFor(shape);
        t.check(stage, shape);
        return new Stage(net, stage, shape, t);
    }

    /**
     * The stage whose output the classifier head reads: the one before the last linear layer,
     * passing over flattening, global pooling and dropout (relu3 of lazy and robust, layer4 of ResNet-18).
     */
    static String headInput(TappedNetwork net) {
        List<Layer> layers = net.layers();
        int i = layers.size() - 1;
        while (i >= 0 && !layers.get(i).type().equals("Linear")) {
            i--;
        }
        i--;
        while (i >= 0 && List.of("Flatten", "AdaptiveAvgPool2d", "Dropout2d").contains(layers.get(i).type())) {
            i--;
        }
        if (i < 0) {
            throw new LabException("this network has no hidden stage before its classifier head");
        }
        return layers.get(i).name();
    }

    /** Width of a token. */
    public int width() {
        return tokens.width(shape);
    }

    /** Tokens per image. */
    public int perImage() {
        return tokens.perImage(shape);
    }

    /** The activation's shape for a batch of n images. */
    Shape batchShape(long n) {
        return new Shape(n).addAll(shape.slice(1));
    }

    /**
     * Runs the network up to the stage over the given samples of a split, in batches; the consumer
     * gets each batch's sample indices and its tokens (inside a scope closed after it returns).
     */
    void forEachBatch(ColoredSplit split, int[] samples, BiConsumer<int[], NDArray> consumer) {
        try (NDManager manager = NDManager.newBaseManager()) {
            ParameterStore ps = new ParameterStore(manager, false);
            int batchSize = net.batchFor(BATCH);
            for (int from = 0; from < samples.length; from += batchSize) {
                int[] batch = java.util.Arrays.copyOfRange(samples, from, Math.min(samples.length, from + batchSize));
                try (NDManager scope = manager.newSubManager()) {
                    NDArray activation = net.forwardTo(ps, SplitDataset.images(scope, split, batch), name, false);
                    consumer.accept(batch, tokens.toTokens(activation));
                }
            }
        }
    }

    /** The network's logits from tokens standing in for the stage's output (n images). */
    NDArray logitsFrom(NDArray tokenRows, long n) {
        NDArray activation = tokens.toActivation(tokenRows, batchShape(n));
        return net.forwardFrom(new ParameterStore(tokenRows.getManager(), false), activation, name, false);
    }

    /**
     * The tokens of a split for training, an array of {@code manager}: every token of image tokens; of
     * position tokens, at most {@code positionsPerImage} random positions of each image, so that the
     * training set stays small. They are picked inside the engine: on the Java heap the RobustCNN's
     * 0.2 GB of tokens outlived training there until the next full collection.
     */
    public NDArray trainingTokens(ColoredSplit split, int positionsPerImage, long seed, NDManager manager) {
        int per = Math.min(perImage(), positionsPerImage);
        NDArray out = manager.zeros(new Shape((long) split.size() * per, width()));
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        int[] all = java.util.stream.IntStream.range(0, split.size()).toArray();
        long[] at = {0};
        forEachBatch(split, all, (batch, rows) -> {
            NDArray picked = rows;
            if (per < perImage()) {
                int[] chosen = new int[batch.length * per];
                for (int b = 0; b < batch.length; b++) {
                    int[] positions = java.util.Arrays.copyOf(SplitDataset.permutation(perImage(), random.nextLong()),
                            per);
                    for (int p = 0; p < per; p++) {
                        chosen[b * per + p] = b * perImage() + positions[p];
                    }
                }
                picked = SplitDataset.rows(rows, chosen, rows.getManager());
            }
            out.set(new NDIndex(at[0] + ":" + (at[0] + picked.getShape().get(0))), picked);
            at[0] += picked.getShape().get(0);
        });
        return out;
    }
}
