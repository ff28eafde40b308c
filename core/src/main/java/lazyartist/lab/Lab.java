package lazyartist.lab;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.IntStream;
import lazyartist.LabException;
import lazyartist.attack.Attack;
import lazyartist.attack.Cloak;
import lazyartist.data.ColoredDataset;
import lazyartist.data.ColoredSplit;
import lazyartist.data.DatasetStore;
import lazyartist.data.Mode;
import lazyartist.data.Painter;
import lazyartist.data.Palette;
import lazyartist.data.SplitDataset;
import lazyartist.data.SplitManifest;
import lazyartist.decompose.FeatureSwitches;
import lazyartist.explain.IntegratedGradients;
import lazyartist.explain.Methods;
import lazyartist.model.Architecture;
import lazyartist.model.ModelStore;
import lazyartist.model.Predictions;
import lazyartist.model.TappedNetwork;
import lazyartist.probe.DeepDream;
import lazyartist.probe.Render;

/**
 * The lab's service: the models and digits of a study, and what a page asks of them — read a
 * digit, map where a model looks, fool it, dream, switch features off. Everything that needs
 * gradients runs one request at a time (one gradient collector per process); reads do not wait.
 */
public final class Lab implements AutoCloseable {

    /** Budgets and step counts a request may ask for. */
    public static final double MAX_EPSILON = 0.3;
    public static final int MAX_STEPS = 200;
    public static final int MAX_DREAM_STEPS = 256;
    /** Active features listed per image. */
    public static final int FEATURES_SHOWN = 24;
    /** Splits a page may browse. */
    public static final List<String> SPLITS = List.of(ColoredDataset.VAL, ColoredDataset.HARD);

    /** A model of the study; {@code camStage} is null for networks without convolutions. */
    public record Model(String name, String architecture, boolean debiased, TappedNetwork net, String camStage,
            FeatureSwitches switches) {}

    /** A digit of a split: its painted image (HWC uint8) and its grey strokes (784 bytes). */
    public record Digit(String split, int index, int label, int colour, byte[] image, byte[] grey) {}

    /** One model's reading of an image. */
    public record Reading(String model, float[] probabilities, int predicted) {

        static Reading of(String model, Predictions p) {
            return new Reading(model, Arrays.copyOf(p.probabilities(), Predictions.CLASSES), p.predicted()[0]);
        }
    }

    /** Where a model looks for a class: one value per pixel (row-major 28×28). */
    public record Look(String model, String method, int target, float[] map) {}

    /** A targeted attack's result; {@code perturbation} is the change stretched to [0, 255] around 128. */
    public record Fooled(String model, int target, double epsilon, int steps, byte[] adversarial, byte[] perturbation,
            double maxChange, Reading reading, boolean success) {}

    /** Deep dream frames (HWC uint8) at the given step counts. */
    public record Dream(String model, int digit, int[] steps, List<byte[]> frames) {}

    /** The features an image turns on, and the model's reading with some switched off. */
    public record Switched(String model, String stage, List<FeatureSwitches.Active> active, int[] off,
            Reading reading) {}

    private final Mode mode;
    private final Palette palette;
    private final Map<String, ColoredSplit> splits;
    private final Map<String, Model> models;
    private final NDManager manager;
    private final ReentrantLock gradients = new ReentrantLock();

    public Lab(Mode mode, Palette palette, Map<String, ColoredSplit> splits, List<Model> models, NDManager manager) {
        if (models.isEmpty()) {
            throw new LabException("the lab needs at least one model");
        }
        this.mode = mode;
        this.palette = palette;
        this.splits = Map.copyOf(splits);
        this.models = new LinkedHashMap<>();
        models.forEach(m -> this.models.put(m.name(), m));
        this.manager = manager;
    }

    /**
     * Opens a study folder: every model under {@code models/} trained on the data set of the chosen
     * mode (null: the first model's), cheaters first, with its decomposition where there is one.
     */
    public static Lab open(Path run, Mode wanted) {
        Path root = run.resolve("models");
        List<Path> dirs;
        try (var list = Files.list(root)) {
            dirs = list.filter(d -> Files.isRegularFile(d.resolve(ModelStore.CARD)))
                    .filter(d -> !d.getFileName().toString().endsWith("-first")).sorted().toList();
        } catch (IOException e) {
            throw new LabException("no models in " + root + ": run `lazy-artist study --out " + run + "` first");
        }
        if (dirs.isEmpty()) {
            throw new LabException("no models in " + root + ": run `lazy-artist study --out " + run + "` first");
        }
        NDManager manager = NDManager.newBaseManager();
        try {
            Path data = null;
            Mode mode = null;
            List<Model> models = new ArrayList<>();
            for (Path dir : dirs) {
                ModelStore.Loaded loaded = ModelStore.load(dir, manager);
                Path modelData = loaded.card().dataPath(dir);
                Mode modelMode = modeOf(modelData);
                if (data == null && (wanted == null || modelMode == wanted)) {
                    data = modelData;
                    mode = modelMode;
                }
                if (!modelData.equals(data)) {
                    continue;
                }
                String name = dir.getFileName().toString();
                String arch = loaded.card().architecture();
                models.add(new Model(name, arch, name.startsWith("debias-"), loaded.net(),
                        Architecture.of(arch).lastSpatialStage().orElse(null),
                        FeatureSwitches.open(dir, loaded.net())));
            }
            if (data == null) {
                throw new LabException("no model in " + root + " was trained on " + wanted.key() + " digits");
            }
            models.sort(Comparator.comparing(Model::debiased));
            Map<String, ColoredSplit> splits = new LinkedHashMap<>();
            for (String s : SPLITS) {
                splits.put(s, DatasetStore.read(data, s));
            }
            return new Lab(mode, paletteOf(data), splits, models, manager);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    private static Mode modeOf(Path data) {
        return Mode.valueOf(DatasetStore.manifest(data, ColoredDataset.VAL).mode().toUpperCase(java.util.Locale.ROOT));
    }

    /** The palette the data set was painted with; the lab knows the default palette's colours. */
    private static Palette paletteOf(Path data) {
        SplitManifest manifest = DatasetStore.manifest(data, ColoredDataset.VAL);
        Palette palette = Palette.defaults();
        if (!palette.names().equals(manifest.palette())) {
            throw new LabException("the data set in " + data + " uses its own palette " + manifest.palette()
                    + "; the lab paints with the default one " + palette.names());
        }
        return palette;
    }

    public Mode mode() {
        return mode;
    }

    public Palette palette() {
        return palette;
    }

    public List<Model> models() {
        return List.copyOf(models.values());
    }

    public int splitSize(String split) {
        return split(split).size();
    }

    private ColoredSplit split(String name) {
        ColoredSplit s = splits.get(name);
        if (s == null) {
            throw new LabException("unknown split '" + name + "'; choose from " + String.join(", ", SPLITS));
        }
        return s;
    }

    private Model model(String name) {
        Model m = models.get(name);
        if (m == null) {
            throw new LabException("unknown model '" + name + "'; choose from " + String.join(", ", models.keySet()));
        }
        return m;
    }

    public Digit digit(String splitName, int index) {
        ColoredSplit s = split(splitName);
        if (index < 0 || index >= s.size()) {
            throw new LabException("index " + index + " is outside split " + splitName + " (0 to " + (s.size() - 1)
                    + ")");
        }
        byte[] image = Arrays.copyOfRange(s.images(), index * ColoredSplit.IMAGE_BYTES,
                (index + 1) * ColoredSplit.IMAGE_BYTES);
        byte[] grey = Arrays.copyOfRange(s.strokes(), index * 784, (index + 1) * 784);
        return new Digit(splitName, index, s.labels()[index], s.colours()[index], image, grey);
    }

    /** A random digit of a split; {@code conflicting}: one that wears another digit's colour. */
    public Digit pick(String splitName, boolean conflicting, long seed) {
        ColoredSplit s = split(splitName);
        int[] pool = IntStream.range(0, s.size()).filter(i -> !conflicting || !s.aligned(i)).toArray();
        if (pool.length == 0) {
            throw new LabException("split " + splitName + " has no digit that wears another digit's colour");
        }
        return digit(splitName, pool[new SplittableRandom(seed).nextInt(pool.length)]);
    }

    /** Grey strokes painted in a colour as the generator paints them (the same seed, the same texture). */
    public byte[] paint(byte[] grey, int[] rgb, long seed) {
        if (grey.length != 784) {
            throw new LabException("a digit's strokes are 28×28 = 784 grey values, got " + grey.length);
        }
        if (rgb.length != 3 || Arrays.stream(rgb).anyMatch(v -> v < 0 || v > 255)) {
            throw new LabException("a colour is three values 0-255, got " + Arrays.toString(rgb));
        }
        return Painter.paint(mode, rgb, grey, seed);
    }

    /** Every model's reading of an image. */
    public List<Reading> read(byte[] image) {
        checkImage(image);
        List<Reading> out = new ArrayList<>();
        try (NDManager scope = manager.newSubManager()) {
            NDArray x = SplitDataset.images(scope, image);
            for (Model m : models.values()) {
                out.add(reading(m, x));
            }
        }
        return out;
    }

    private static Reading reading(Model m, NDArray x) {
        return Reading.of(m.name(), Predictions.of(m.net(), x));
    }

    /** Where a model looks for {@code target} (null: the class it predicts), by an attribution method. */
    public Look look(String modelName, byte[] image, String method, Integer target) {
        checkImage(image);
        Model m = model(modelName);
        if (!Methods.NAMES.contains(method)) {
            throw new LabException("unknown map method '" + method + "'; choose from "
                    + String.join(", ", Methods.NAMES));
        }
        if (Methods.CAM.contains(method) && m.camStage() == null) {
            throw new LabException(m.name() + " has no convolutional stage for " + method
                    + "; choose saliency, gradxinput or integrated-gradients");
        }
        checkDigit(target);
        return withGradients(() -> {
            try (NDManager scope = manager.newSubManager()) {
                NDArray x = SplitDataset.images(scope, image);
                int cls = target != null ? target : reading(m, x).predicted();
                float[] map = Methods.of(method, m.camStage(), IntegratedGradients.Baseline.BLACK, 32)
                        .attribute(m.net(), x, new int[] {cls});
                return new Look(m.name(), method, cls, map);
            }
        });
    }

    /** PGD toward {@code target} within ε (margin loss, 90% confidence), judged on the uint8 image. */
    public Fooled attack(String modelName, byte[] image, int target, double epsilon, int steps) {
        checkImage(image);
        Model m = model(modelName);
        checkDigit(target);
        if (!(epsilon > 0 && epsilon <= MAX_EPSILON)) {
            throw new LabException("ε must be in (0, " + MAX_EPSILON + "], got " + epsilon);
        }
        if (steps < 1 || steps > MAX_STEPS) {
            throw new LabException("steps must be 1 to " + MAX_STEPS + ", got " + steps);
        }
        Attack.Settings settings = new Attack.Settings(steps, 1, Attack.Loss.MARGIN, 0.9, 42);
        return withGradients(() -> {
            byte[] adversarial = Cloak.run(m.net(), image, new int[] {target}, new float[] {(float) epsilon},
                    Attack.PGD, settings);
            byte[] perturbation = new byte[image.length];
            int largest = 0;
            float stretch = 127 / (float) (epsilon * 255);
            for (int k = 0; k < image.length; k++) {
                int change = (adversarial[k] & 0xff) - (image[k] & 0xff);
                largest = Math.max(largest, Math.abs(change));
                perturbation[k] = (byte) Math.max(0, Math.min(255, Math.round(128 + change * stretch)));
            }
            Reading r;
            try (NDManager scope = manager.newSubManager()) {
                r = reading(m, SplitDataset.images(scope, adversarial));
            }
            boolean success = r.predicted() == target && r.probabilities()[target] >= settings.confidence();
            return new Fooled(m.name(), target, epsilon, steps, adversarial, perturbation, largest / 255.0, r, success);
        });
    }

    /** Deep dream of a model toward a digit from an image, with frames at up to {@code steps} steps. */
    public Dream dream(String modelName, byte[] image, int digit, int steps) {
        checkImage(image);
        Model m = model(modelName);
        checkDigit(digit);
        if (steps < 1 || steps > MAX_DREAM_STEPS) {
            throw new LabException("dream steps must be 1 to " + MAX_DREAM_STEPS + ", got " + steps);
        }
        int[] at = IntStream.of(1, 2, 4, 8, 16, 32, 64, 128, 256).filter(s -> s < steps).toArray();
        int[] frames = IntStream.concat(IntStream.of(at), IntStream.of(steps)).toArray();
        return withGradients(() -> {
            float[] start;
            try (NDManager scope = manager.newSubManager()) {
                start = SplitDataset.images(scope, image).toFloatArray();
            }
            List<float[]> shots = DeepDream.dream(m.net(), start, new int[] {digit}, Render.DEFAULT.withSteps(steps),
                    frames);
            List<byte[]> out = new ArrayList<>();
            shots.forEach(f -> out.add(hwc(f)));
            return new Dream(m.name(), digit, IntStream.concat(IntStream.of(0), IntStream.of(frames)).toArray(), out);
        });
    }

    /** The features an image turns on in a model's decomposition, and its reading with {@code off} switched off. */
    public Switched features(String modelName, byte[] image, int[] off) {
        checkImage(image);
        Model m = model(modelName);
        if (m.switches() == null) {
            throw new LabException(m.name() + " has no decomposition; run `lazy-artist decompose` on it first");
        }
        try (NDManager scope = manager.newSubManager()) {
            NDArray x = SplitDataset.images(scope, image);
            List<FeatureSwitches.Active> active = m.switches().active(x, FEATURES_SHOWN);
            float[] p = scope.create(m.switches().logitsWithout(x, off)).softmax(0).toFloatArray();
            Reading r = Reading.of(m.name(), Predictions.fromProbabilities(p));
            return new Switched(m.name(), m.switches().stage(), active, off.clone(), r);
        }
    }

    private <T> T withGradients(java.util.function.Supplier<T> work) {
        gradients.lock();
        try {
            return work.get();
        } finally {
            gradients.unlock();
        }
    }

    private static void checkImage(byte[] image) {
        if (image == null || image.length != ColoredSplit.IMAGE_BYTES) {
            throw new LabException("an image is 28×28×3 = " + ColoredSplit.IMAGE_BYTES + " bytes, got "
                    + (image == null ? 0 : image.length));
        }
    }

    private static void checkDigit(Integer digit) {
        if (digit != null && (digit < 0 || digit > 9)) {
            throw new LabException("a digit is 0 to 9, got " + digit);
        }
    }

    private static byte[] hwc(float[] chw) {
        byte[] out = new byte[chw.length];
        for (int p = 0; p < 784; p++) {
            for (int c = 0; c < 3; c++) {
                out[p * 3 + c] = (byte) Math.round(Math.max(0, Math.min(1, chw[c * 784 + p])) * 255);
            }
        }
        return out;
    }

    @Override
    public void close() {
        models.values().stream().filter(m -> m.switches() != null).forEach(m -> m.switches().close());
        manager.close();
    }
}
