package lazyartist.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.dataset.Batch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import lazyartist.OptionException;
import lazyartist.data.ColoredDataset;
import lazyartist.data.ColoredSplit;
import lazyartist.data.DatasetStore;
import lazyartist.data.SplitDataset;
import lazyartist.io.AtomicFiles;
import lazyartist.io.Json;
import lazyartist.io.ProgressBars;
import lazyartist.io.Versions;
import lazyartist.model.Architecture;
import lazyartist.model.Gradients;
import lazyartist.model.ModelCard;
import lazyartist.model.ModelStore;
import lazyartist.model.Optimiser;
import lazyartist.model.Predictions;
import lazyartist.model.TappedNetwork;
import me.tongfei.progressbar.ProgressBar;

/**
 * The training loop: an objective's loss on shuffled batches, validation after every epoch, the
 * best epoch kept, early stopping, and a checkpoint after every epoch from which {@code resume}
 * continues exactly where a killed run stopped.
 */
public final class Training {

    public static final String CHECKPOINT = "checkpoint";
    private static final String STATE = "state.json";
    private static final String CURRENT = "current.params";
    private static final String BEST = "best.params";
    private static final String OPTIMISER = "optimiser.bin";
    /** A loss above this is treated as diverged: cross-entropy over 10 classes starts near 2.3. */
    static final double EXPLODED_LOSS = 1e4;
    /** Batches between reads of the running loss: each read waits for the engine. */
    private static final int SYNC_EVERY = 20;
    /** ...or after this long, so that a slow network's bar moves (ResNet-18 takes ~1 s a batch here). */
    private static final long SYNC_AFTER_NANOS = 1_000_000_000L;

    /** Which epoch's network a run keeps. */
    public enum Selection {
        /** The best validation accuracy; a constant-rate run stops after {@code patience} epochs without one. */
        BEST_VALIDATION,
        /** The last epoch, every epoch run: the rule of protocols that select without validation. */
        LAST_EPOCH
    }

    /** A finished run: the saved model's card and the per-epoch history. */
    public record Result(ModelCard card, List<EpochRecord> history, double seconds) {}

    /** Where the data came from, for the model card. */
    public record DataSource(String path, String fingerprint) {

        /** A data set folder, fingerprinted by its training images' SHA-256 from the manifest. */
        public static DataSource of(Path dir) {
            return new DataSource(dir.toString(),
                    DatasetStore.manifest(dir, ColoredDataset.TRAIN).files().get(DatasetStore.IMAGES));
        }
    }

    private final TrainConfig config;
    private final Objective objective;
    private final boolean quiet;
    private Consumer<EpochRecord> afterEpoch = record -> { };
    private ModelCard.Role role = ModelCard.Role.PLAIN;
    private String method;
    private java.util.function.Predicate<EpochRecord> stopWhen = record -> false;
    private Selection selection = Selection.BEST_VALIDATION;

    public Training(TrainConfig config, Objective objective, boolean quiet) {
        this.config = config;
        this.objective = objective;
        this.quiet = quiet;
    }

    /** Calls {@code listener} after every epoch, once its checkpoint is on disk. */
    public Training afterEpoch(Consumer<EpochRecord> listener) {
        this.afterEpoch = listener;
        return this;
    }

    /** Stops after the first epoch whose record satisfies {@code done} (its checkpoint written). */
    public Training stopWhen(java.util.function.Predicate<EpochRecord> done) {
        this.stopWhen = done;
        return this;
    }

    /** Which epoch's network the run keeps (default: the best on validation). */
    public Training select(Selection s) {
        this.selection = s;
        return this;
    }

    /** Records in the model card what the model is for, and the debiasing method that trains it (or null). */
    public Training role(ModelCard.Role r, String debiasingMethod) {
        this.role = r;
        this.method = debiasingMethod;
        return this;
    }

    /** Trains on {@code train}, validates on {@code val} and saves the best epoch's model in {@code dir}. */
    public Result run(ColoredSplit train, ColoredSplit val, DataSource data, Path dir, String name, boolean resume,
            String command) {
        Architecture architecture = Architecture.of(config.architecture());
        long start = System.nanoTime();
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(Long.hashCode(config.seed()));
            TappedNetwork net = ModelStore.initialised(architecture, manager);
            Optimiser optimiser = config.optimiser(net, manager);
            ParameterStore ps = new ParameterStore(manager, false);
            SplitDataset batches = new SplitDataset(train, config.batchSize(), true, config.seed());
            Path checkpointDir = dir.resolve(CHECKPOINT);
            Checkpoint state = new Checkpoint(config, objective.name(), 0, 0, -1, List.of());
            boolean checkpointed = Files.isRegularFile(checkpointDir.resolve(STATE));
            if (resume && checkpointed && !objective.resumable()) {
                System.err.println("note: starting over; " + objective.name() + " keeps state outside the checkpoint,"
                        + " so a resumed run would not be exact");
            } else if (resume && checkpointed) {
                state = restore(checkpointDir, net, optimiser, manager);
                batches.skipEpochs(state.epochsDone());
            } else if (checkpointed && !quiet) {
                System.err.println("note: starting over; the checkpoint in " + checkpointDir + " is not resumed");
            }
            objective.start(config, manager);
            List<EpochRecord> history = new ArrayList<>(state.history());
            for (int epoch = state.epochsDone() + 1; epoch <= config.epochs(); epoch++) {
                // A cosine schedule takes its small steps only at the end: it runs to its last epoch.
                if (selection == Selection.BEST_VALIDATION && config.schedule() == TrainConfig.Schedule.CONSTANT
                        && epoch - state.bestEpoch() > config.patience() && state.bestEpoch() > 0) {
                    break;
                }
                // Seeding per epoch keeps dropout and other engine randomness identical on resume.
                Engine.getInstance().setRandomSeed(Long.hashCode(config.seed() * 1000 + epoch));
                EpochRecord record = epoch(net, ps, optimiser, batches, val, epoch, manager);
                history.add(record);
                int bestEpoch = state.bestEpoch();
                double best = state.bestValAccuracy();
                if (record.valAccuracy() > best) {
                    best = record.valAccuracy();
                    bestEpoch = epoch;
                    ModelStore.writeParams(checkpointDir.resolve(BEST), net);
                }
                state = new Checkpoint(config, objective.name(), epoch, bestEpoch, best, history);
                ModelStore.writeParams(checkpointDir.resolve(CURRENT), net);
                AtomicFiles.write(checkpointDir.resolve(OPTIMISER), optimiser.save());
                Json.write(checkpointDir.resolve(STATE), state);
                afterEpoch.accept(record);
                if (stopWhen.test(record)) {
                    break;
                }
            }
            ModelStore.readParams(checkpointDir.resolve(selection == Selection.LAST_EPOCH ? CURRENT : BEST), net,
                    manager);
            double seconds = (System.nanoTime() - start) / 1e9;
            ModelCard card = card(dir, name, architecture, net, optimiser.steps(), state, data, seconds, command);
            ModelStore.save(dir, net, card);
            AtomicFiles.deleteTree(checkpointDir);
            return new Result(card, history, seconds);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private EpochRecord epoch(TappedNetwork net, ParameterStore ps, Optimiser optimiser, SplitDataset batches,
            ColoredSplit val, int epoch, NDManager manager) {
        int total = batches.batches();
        long start = System.nanoTime();
        long synced = start;
        // Sums stay in the engine and are read every SYNC_EVERY batches: reading forces a sync per batch.
        Map<String, NDArray> termSums = new LinkedHashMap<>();
        NDArray lossSum = manager.zeros(new ai.djl.ndarray.types.Shape());
        NDArray correct = manager.zeros(new ai.djl.ndarray.types.Shape(), ai.djl.ndarray.types.DataType.INT64);
        long seen = 0;
        int done = 0;
        try (ProgressBar bar = quiet ? null : ProgressBars.create(
                String.format("epoch %d/%d", epoch, config.epochs()), total)) {
            for (Batch batch : batches.getData(manager)) {
                try (batch) {
                    NDArray x = batch.getData().singletonOrThrow();
                    NDArray labels = batch.getLabels().get(0);
                    if (objective.needsInputGradient()) {
                        x.setRequiresGradient(true);
                    }
                    double progress = ((epoch - 1) * (double) total + done) / (config.epochs() * (double) total);
                    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                        Objective.Step step = objective.step(new Objective.Batch(net, ps, x, labels,
                                batch.getLabels().get(1), batch.getLabels().get(2), progress));
                        Gradients.zero(net);
                        collector.backward(step.loss());
                        accumulate(lossSum, step.loss());
                        for (var term : step.terms().entrySet()) {
                            accumulate(termSums.computeIfAbsent(term.getKey(),
                                    k -> manager.zeros(new ai.djl.ndarray.types.Shape())), term.getValue());
                        }
                        accumulate(correct, step.logits().argMax(1).eq(labels).countNonzero());
                    }
                    seen += batch.getSize();
                    done++;
                    if (done % SYNC_EVERY == 0 || done == total || System.nanoTime() - synced > SYNC_AFTER_NANOS) {
                        synced = System.nanoTime();
                        checkFinite(lossSum.getFloat() / done, epoch, done);
                        if (bar != null) {
                            double rate = seen / ((System.nanoTime() - start) / 1e9);
                            bar.setExtraMessage(String.format("loss %.4f acc %.3f %.0f img/s",
                                    lossSum.getFloat() / done, correct.getLong() / (double) seen, rate));
                            bar.stepTo(done);
                        }
                    }
                    double rateFactor = config.schedule().factor(progress);
                    optimiser.step(rateFactor);
                    objective.afterUpdate(rateFactor);
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double valAccuracy = Predictions.of(net, val).accuracy(val.labels());
        Map<String, Double> terms = new LinkedHashMap<>();
        int batchesDone = done;
        termSums.forEach((k, v) -> terms.put(k, (double) v.getFloat() / batchesDone));
        EpochRecord record = new EpochRecord(epoch, lossSum.getFloat() / done, terms,
                correct.getLong() / (double) seen, valAccuracy, seen / seconds, seconds);
        lossSum.close();
        correct.close();
        termSums.values().forEach(NDArray::close);
        if (!quiet) {
            System.err.printf("epoch %d: loss %.4f, train acc %.4f, val acc %.4f, %.0f img/s%n", epoch,
                    record.loss(), record.trainAccuracy(), valAccuracy, record.imagesPerSecond());
        }
        return record;
    }

    /** Adds a value, detached from the graph, to a running sum in place. */
    private static void accumulate(NDArray sum, NDArray value) {
        try (NDArray detached = value.stopGradient()) {
            sum.addi(detached.toType(sum.getDataType(), false));
        }
    }

    private static void checkFinite(double meanLoss, int epoch, int batch) {
        if (!Double.isFinite(meanLoss) || meanLoss > EXPLODED_LOSS) {
            throw new OptionException(String.format("training diverged by epoch %d, batch %d (mean loss %s): lower the"
                    + " learning rate ({learningRate}) or the penalty weight", epoch, batch, meanLoss));
        }
    }

    private Checkpoint restore(Path dir, TappedNetwork net, Optimiser optimiser, NDManager manager) throws IOException {
        Checkpoint state = Json.read(dir.resolve(STATE), Checkpoint.class);
        if (!state.config().equals(config) || !state.objective().equals(objective.name())) {
            throw new OptionException("the checkpoint in " + dir + " was made with other options (" + state.config()
                    + ", " + state.objective() + "); rerun with the same options or without {resume}");
        }
        ModelStore.readParams(dir.resolve(CURRENT), net, manager);
        optimiser.load(Files.readAllBytes(dir.resolve(OPTIMISER)), manager);
        if (!quiet) {
            System.err.printf("resuming after epoch %d of %d%n", state.epochsDone(), config.epochs());
        }
        return state;
    }

    private ModelCard card(Path dir, String name, Architecture architecture, TappedNetwork net, long steps,
            Checkpoint state, DataSource data, double seconds, String command) {
        Map<String, Object> training = new LinkedHashMap<>();
        training.put("config", config);
        training.put("objective", objective.name());
        training.put("objectiveOptions", objective.options());
        training.put("history", state.history());
        Map<String, Object> metrics = new LinkedHashMap<>();
        boolean last = selection == Selection.LAST_EPOCH && !state.history().isEmpty();
        metrics.put("selection", selection.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        metrics.put("bestEpoch", state.bestEpoch());
        metrics.put("epochsTrained", state.epochsDone());
        metrics.put("valAccuracy", last ? state.history().get(state.history().size() - 1).valAccuracy()
                : state.bestValAccuracy());
        metrics.put("trainSeconds", seconds);
        Map<String, Object> dataInfo = new LinkedHashMap<>();
        // Relative to the model's folder, where commands resolve it: the run folder may move.
        dataInfo.put("path", dir.toAbsolutePath().normalize().relativize(Path.of(data.path()).toAbsolutePath()
                .normalize()).toString());
        dataInfo.put("fingerprint", data.fingerprint());
        return new ModelCard(name, architecture.key(), net.layers(), TappedNetwork.INPUT.getShape(), steps, training,
                dataInfo, metrics, command, Versions.all(), role, method);
    }
}
