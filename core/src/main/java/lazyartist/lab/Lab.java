package lazyartist.lab;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.IntStream;
import lazyartist.LabException;
import lazyartist.attack.Attack;
import lazyartist.attack.SavedImages;
import lazyartist.attack.Targets;
import lazyartist.data.ColoredSplit;
import lazyartist.data.Mode;
import lazyartist.data.Painter;
import lazyartist.data.Palette;
import lazyartist.data.Pixels;
import lazyartist.data.SplitDataset;
import lazyartist.decompose.FeatureSwitches;
import lazyartist.explain.Methods;
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

    /** Deep dream frames (HWC uint8) at the given step counts. */
    public record Dream(String model, int digit, int[] steps, List<byte[]> frames) {}

    /**
     * The features an image turns on, each one's rendered decoder direction (HWC uint8; listed only when
     * nothing is switched off, as the list is built then), and the model's reading with some switched off.
     */
    public record Switched(String model, String stage, List<FeatureSwitches.Active> active, List<byte[]> pictures,
            int[] off, Reading reading) {}

    private final Mode mode;
    private final Palette palette;
    private final Map<String, ColoredSplit> splits;
    private final Map<String, Model> models;
    private final NDManager manager;
    private final ReentrantLock gradients = new ReentrantLock();

    /** Opens a study folder ({@link StudyFolder#open}). */
    public static Lab open(Path run, Mode wanted) {
        return StudyFolder.open(run, wanted);
    }

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
            throw new LabException("unknown split '" + name + "'; choose from " + String.join(", ", LabSettings.SPLITS));
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
        byte[] image = Arrays.copyOfRange(s.images(), index * Pixels.VALUES,
                (index + 1) * Pixels.VALUES);
        byte[] grey = Arrays.copyOfRange(s.strokes(), index * Pixels.PIXELS, (index + 1) * Pixels.PIXELS);
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
        if (grey.length != Pixels.PIXELS) {
            throw new LabException("a digit's strokes are 28×28 = " + Pixels.PIXELS + " grey values, got " + grey.length);
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
            throw new LabException(m.name() + " has no convolutional stage for " + method + "; choose among "
                    + Methods.NAMES.stream().filter(n -> !Methods.CAM.contains(n)).toList());
        }
        checkDigit(target);
        return withGradients(() -> {
            try (NDManager scope = manager.newSubManager()) {
                NDArray x = SplitDataset.images(scope, image);
                int cls = target != null ? target : reading(m, x).predicted();
                float[] map = Methods.of(method, LabSettings.MAPS.withStage(m.camStage()))
                        .attribute(m.net(), x, new int[] {cls});
                return new Look(m.name(), method, cls, map);
            }
        });
    }

    /**
     * PGD toward {@code target} within ε (margin loss, 90% confidence), judged on the uint8 image; no
     * attack when the model already gives the target with that confidence.
     */
    public Fooled attack(String modelName, byte[] image, int target, double epsilon, int steps) {
        checkImage(image);
        Model m = model(modelName);
        checkDigit(target);
        if (!(epsilon > 0 && epsilon <= LabSettings.MAX_EPSILON)) {
            throw new LabException("ε must be in (0, " + LabSettings.MAX_EPSILON + "], got " + epsilon);
        }
        if (steps < 1 || steps > LabSettings.MAX_STEPS) {
            throw new LabException("steps must be 1 to " + LabSettings.MAX_STEPS + ", got " + steps);
        }
        Reading clean;
        try (NDManager scope = manager.newSubManager()) {
            clean = reading(m, SplitDataset.images(scope, image));
        }
        if (clean.predicted() == target && clean.probabilities()[target] >= LabSettings.CONFIDENCE) {
            return Fooled.of(m.name(), target, epsilon, steps, image, image, clean, true);
        }
        return withGradients(() -> {
            byte[] adversarial = SavedImages.attack(m.net(), Targets.of(image, new int[] {clean.predicted()}),
                    new int[] {target}, true, new float[] {(float) epsilon}, Attack.of("pgd"), LabSettings.attack(steps));
            Reading r;
            try (NDManager scope = manager.newSubManager()) {
                r = reading(m, SplitDataset.images(scope, adversarial));
            }
            return Fooled.of(m.name(), target, epsilon, steps, image, adversarial, r, false);
        });
    }

    /** Deep dream of a model toward a digit from an image, with frames at up to {@code steps} steps. */
    public Dream dream(String modelName, byte[] image, int digit, int steps) {
        checkImage(image);
        Model m = model(modelName);
        checkDigit(digit);
        if (steps < 1 || steps > LabSettings.MAX_DREAM_STEPS) {
            throw new LabException("dream steps must be 1 to " + LabSettings.MAX_DREAM_STEPS + ", got " + steps);
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
            shots.forEach(f -> out.add(Pixels.bytes(f)));
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
            List<FeatureSwitches.Active> active = m.switches().active(x, LabSettings.FEATURES_SHOWN);
            float[] p = scope.create(m.switches().logitsWithout(x, off)).softmax(0).toFloatArray();
            Reading r = Reading.of(m.name(), Predictions.fromProbabilities(p));
            int[] indices = active.stream().mapToInt(FeatureSwitches.Active::index).toArray();
            List<byte[]> pictures = off.length > 0 ? List.of() : withGradients(() -> m.switches().pictures(indices));
            return new Switched(m.name(), m.switches().stage(), active, pictures, off.clone(), r);
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
        if (image == null || image.length != Pixels.VALUES) {
            throw new LabException("an image is 28×28×3 = " + Pixels.VALUES + " bytes, got "
                    + (image == null ? 0 : image.length));
        }
    }

    private static void checkDigit(Integer digit) {
        if (digit != null && (digit < 0 || digit > 9)) {
            throw new LabException("a digit is 0 to 9, got " + digit);
        }
    }

    @Override
    public void close() {
        models.values().stream().filter(m -> m.switches() != null).forEach(m -> m.switches().close());
        manager.close();
    }
}
