package lazyartist.decompose;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import lazyartist.data.ColoredSplit;
import lazyartist.data.SplitDataset;
import lazyartist.model.Gradients;
import lazyartist.model.Optimiser;
import lazyartist.model.TappedNetwork;

/**
 * A new classifier head — the stages after the decomposed one, freshly initialised — trained on
 * the edited stage output of easy training digits, while everything before the stage stays as it
 * was. Asks whether what an edit leaves behind is enough to read the digit.
 */
public final class HeadRetraining {

    static final int EPOCHS = 3;
    static final int BATCH = 64;
    static final double LEARNING_RATE = 1e-3;
    /** At most this many activation values are kept in memory: the training digits are subsampled to fit. */
    static final long MAX_VALUES = 40_000_000;

    /** Accuracy and colour agreement of the new head on validation and hard digits. */
    public record Result(String edit, int trainImages, double valAccuracy, double valColourAgreement, double hardAccuracy,
            double hardColourAgreement, double seconds) {}

    private HeadRetraining() {}

    static Result run(String name, Stage stage, SparseAutoencoder sae, Edit edit, ColoredSplit train,
            ColoredSplit val, ColoredSplit hard, long seed) {
        long start = System.nanoTime();
        long valuesPerImage = stage.shape().size();
        int images = (int) Math.min(train.size(), MAX_VALUES / valuesPerImage);
        int[] chosen = SplitDataset.sample(train.size(), images, seed);
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray activations = edited(stage, sae, edit, train, chosen, manager);
            Engine.getInstance().setRandomSeed((int) seed);
            TappedNetwork head = new TappedNetwork(stage.net().layers());
            head.initialize(manager, DataType.FLOAT32, new Shape(1).addAll(TappedNetwork.INPUT));
            List<Parameter> parameters = new ArrayList<>();
            List<String> names = head.stageNames();
            int cut = names.indexOf(stage.name()) + 1;
            // The fresh weights before the cut are never read (ResNet-18's are 45 MB).
            names.subList(0, cut).forEach(before -> head.stage(before).getParameters().values()
                    .forEach(Parameter::close));
            for (String after : names.subList(cut, names.size())) {
                head.stage(after).getParameters().values().forEach(parameters::add);
            }
            Optimiser adam = new Optimiser(Optimiser.Kind.ADAM, LEARNING_RATE, 0, 0.9, parameters, manager);
            ParameterStore ps = new ParameterStore(manager, false);
            for (int epoch = 0; epoch < EPOCHS; epoch++) {
                int[] order = SplitDataset.permutation(images, seed * 31 + epoch);
                for (int from = 0; from < images; from += BATCH) {
                    int size = Math.min(BATCH, images - from);
                    int[] rows = java.util.Arrays.copyOfRange(order, from, from + size);
                    long[] labels = new long[size];
                    for (int r = 0; r < size; r++) {
                        labels[r] = train.labels()[chosen[rows[r]]];
                    }
                    try (NDManager scope = manager.newSubManager()) {
                        NDArray input = SplitDataset.rows(activations, rows, scope).reshape(stage.batchShape(size));
                        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                            NDArray logits = head.forwardFrom(ps, input, stage.name(), true);
                            NDArray loss = logits.logSoftmax(1).gather(scope.create(labels).reshape(-1, 1), 1).neg()
                                    .mean();
                            Gradients.zero(parameters);
                            collector.backward(loss);
                        }
                    }
                    adam.step();
                }
            }
            // The predictions' passes run without the training inputs (160 MB at most).
            activations.close();
            int[] valPredicted = predict(stage, sae, edit, head, val);
            int[] hardPredicted = predict(stage, sae, edit, head, hard);
            return new Result(name, images, SaePass.accuracy(valPredicted, val),
                    SaePass.colourAgreement(valPredicted, val), SaePass.accuracy(hardPredicted, hard),
                    SaePass.colourAgreement(hardPredicted, hard), (System.nanoTime() - start) / 1e9);
        }
    }

    /**
     * The edited stage output of the chosen samples, images × values in the stage's own order. It stays in
     * the engine, freed once the head is trained: on the Java heap its 160 MB per head grew the heap for good.
     */
    private static NDArray edited(Stage stage, SparseAutoencoder sae, Edit edit, ColoredSplit split, int[] samples,
            NDManager manager) {
        NDArray out = manager.zeros(new Shape(samples.length, stage.shape().size()));
        int[] at = {0};
        stage.forEachBatch(split, samples, (batch, x) -> {
            NDArray activation = stage.tokens().toActivation(edit.output(sae, x, sae.encode(x)),
                    stage.batchShape(batch.length));
            out.set(new NDIndex(at[0] + ":" + (at[0] + batch.length)), activation.reshape(batch.length, -1));
            at[0] += batch.length;
        });
        return out;
    }

    private static int[] predict(Stage stage, SparseAutoencoder sae, Edit edit, TappedNetwork head,
            ColoredSplit split) {
        int[] out = new int[split.size()];
        stage.forEachBatch(split, IntStream.range(0, split.size()).toArray(), (batch, x) -> {
            NDArray activation = stage.tokens().toActivation(edit.output(sae, x, sae.encode(x)),
                    stage.batchShape(batch.length));
            long[] best = head.forwardFrom(new ParameterStore(x.getManager(), false), activation, stage.name(), false)
                    .argMax(1).toLongArray();
            for (int i = 0; i < best.length; i++) {
                out[batch[i]] = (int) best[i];
            }
        });
        return out;
    }
}
