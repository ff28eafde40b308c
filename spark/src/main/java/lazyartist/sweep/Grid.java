package lazyartist.sweep;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import lazyartist.LabException;
import lazyartist.data.HardPolicy;
import lazyartist.data.Mode;
import lazyartist.io.Json;
import lazyartist.model.Architecture;
import lazyartist.train.Debiasing;
import lazyartist.train.TrainConfig;

/**
 * A sweep's grid: each axis (a data or training option) with the values it takes. Written as a JSON
 * object of axis → values, e.g. {@code {"mode": ["background"], "method": ["penalty", "lff"], "seed":
 * [42, 43, 44]}}; it expands into every combination, one run each.
 */
public final class Grid {

    /** An option a grid can vary: those of {@code generate} make the data, those of {@code debias} train on it. */
    public enum Axis {
        MODE("mode", "--mode", "background", v -> enumValue(Mode.class, v)),
        BIAS("bias", "--bias", "0.95", Grid::fraction),
        HARD_POLICY("hard-policy", "--hard-policy", "never", v -> enumValue(HardPolicy.class, v)),
        DATA_SEED("data-seed", "--seed", "42", Grid::integer),
        METHOD("method", "--method", null, Debiasing.Method::of),
        ARCH("arch", "--arch", null, Architecture::of),
        SEED("seed", "--first-seed", null, Grid::integer),
        EPOCHS("epochs", "--epochs", null, Grid::positive),
        LFF_EPOCHS("lff-epochs", "--lff-epochs", null, Grid::positive),
        LR("lr", "--lr", null, Grid::learningRate),
        SCHEDULE("schedule", "--schedule", null, v -> enumValue(TrainConfig.Schedule.class, v)),
        BATCH_SIZE("batch-size", "--batch-size", null, Grid::positive),
        LAMBDA("lambda", "--lambda", null, Grid::nonNegative),
        CHANNEL_LAMBDA("channel-lambda", "--channel-lambda", null, Grid::nonNegative),
        JTT_FIRST_EPOCHS("jtt-first-epochs", "--jtt-first-epochs", null, Grid::positive),
        JTT_UPWEIGHT("jtt-upweight", "--jtt-upweight", null, Grid::positive),
        EXPLAIN_IMAGES("explain-images", "--explain-images", null, Grid::positive);

        public final String key;
        /** The option of {@code generate} (data axes) or {@code debias} (the others). */
        final String flag;
        /** The value a data axis takes when the grid leaves it out (generate's default); null for training axes. */
        final String dataDefault;
        private final Consumer<String> check;

        Axis(String key, String flag, String dataDefault, Consumer<String> check) {
            this.key = key;
            this.flag = flag;
            this.dataDefault = dataDefault;
            this.check = check;
        }

        /** Whether the axis changes the data set (and so the folder the data is generated into). */
        boolean data() {
            return dataDefault != null;
        }

        static Axis of(String key) {
            for (Axis a : values()) {
                if (a.key.equals(key)) {
                    return a;
                }
            }
            throw new LabException("grid: unknown axis '" + key + "'; axes are " + names());
        }

        static String names() {
            return Arrays.stream(values()).map(a -> a.key).collect(Collectors.joining(", "));
        }
    }

    private final Map<Axis, List<String>> axes;

    private Grid(Map<Axis, List<String>> axes) {
        this.axes = axes;
    }

    /** Reads a grid file. */
    public static Grid read(Path file) {
        try {
            return parse(Files.readString(file), file.toString());
        } catch (NoSuchFileException e) {
            throw new LabException("grid file " + file + " not found; pass --grid with a JSON file of axis → values");
        } catch (IOException e) {
            throw new LabException("cannot read grid file " + file + ": " + e.getMessage());
        }
    }

    /** The grid of the {@code --full} study's debiasing table: both modes, every method, three seeds, 3 epochs. */
    public static Grid full() {
        try (InputStream in = Grid.class.getResourceAsStream("full-grid.json")) {
            return parse(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8), "the full study's grid");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Parses a grid's JSON text; {@code source} names it in errors. */
    static Grid parse(String json, String source) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new LabException("grid " + source + " is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new LabException("grid " + source + " must be a JSON object of axis → values, e.g."
                    + " {\"method\": [\"penalty\", \"lff\"], \"seed\": [42, 43]}");
        }
        Map<Axis, List<String>> axes = new EnumMap<>(Axis.class);
        for (var field : (Iterable<Map.Entry<String, JsonNode>>) root::fields) {
            Axis axis = Axis.of(field.getKey());
            JsonNode values = field.getValue();
            if (!values.isArray() || values.isEmpty()) {
                throw new LabException("grid: axis '" + axis.key + "' needs a non-empty list of values, e.g. \""
                        + axis.key + "\": [" + (axis.dataDefault != null ? axis.dataDefault : "…") + "]");
            }
            List<String> texts = new ArrayList<>();
            for (JsonNode v : values) {
                if (!v.isTextual() && !v.isNumber()) {
                    throw new LabException("grid: axis '" + axis.key + "' has " + v + "; values are strings or numbers");
                }
                String text = v.asText().strip().toLowerCase(Locale.ROOT);
                try {
                    axis.check.accept(text);
                } catch (LabException | IllegalArgumentException e) {
                    throw new LabException("grid: axis '" + axis.key + "': " + e.getMessage());
                }
                if (texts.contains(text)) {
                    throw new LabException("grid: axis '" + axis.key + "' lists " + text + " twice");
                }
                texts.add(text);
            }
            axes.put(axis, List.copyOf(texts));
        }
        if (!axes.containsKey(Axis.METHOD)) {
            throw new LabException("grid: name the debiasing methods to train, e.g. \"method\": [\"penalty\", \"lff\"]");
        }
        return new Grid(axes);
    }

    /** Every combination of the axes' values, one run each, in the axes' order. */
    public List<SweepRun> expand() {
        List<Map<Axis, String>> combos = new ArrayList<>();
        combos.add(new EnumMap<>(Axis.class));
        for (Axis axis : Axis.values()) {
            List<String> values = axes.containsKey(axis) ? axes.get(axis)
                    : axis.data() ? List.of(axis.dataDefault) : List.of();
            if (values.isEmpty()) {
                continue;
            }
            List<Map<Axis, String>> next = new ArrayList<>();
            for (Map<Axis, String> c : combos) {
                for (String v : values) {
                    Map<Axis, String> m = new EnumMap<>(c);
                    m.put(axis, v);
                    next.add(m);
                }
            }
            combos = next;
        }
        return combos.stream().map(SweepRun::new).toList();
    }

    /** The axes the grid names, with their values, as written. */
    public Map<String, List<String>> axes() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        axes.forEach((a, v) -> out.put(a.key, v));
        return out;
    }

    private static <E extends Enum<E>> void enumValue(Class<E> type, String v) {
        try {
            Enum.valueOf(type, v.toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new LabException("'" + v + "' is not one of " + Arrays.stream(type.getEnumConstants())
                    .map(c -> c.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")));
        }
    }

    private static double number(String v) {
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new LabException("'" + v + "' is not a number");
        }
    }

    private static void fraction(String v) {
        double d = number(v);
        if (!(d >= 0 && d <= 1)) {
            throw new LabException(v + " is not a fraction in [0, 1]");
        }
    }

    private static void learningRate(String v) {
        double d = number(v);
        if (!(d > 0 && d <= 10)) {
            throw new LabException(v + " is not a learning rate in (0, 10]");
        }
    }

    private static void nonNegative(String v) {
        if (!(number(v) >= 0)) {
            throw new LabException(v + " must be ≥ 0");
        }
    }

    private static void integer(String v) {
        try {
            Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new LabException("'" + v + "' is not a whole number");
        }
    }

    private static void positive(String v) {
        integer(v);
        if (Long.parseLong(v) < 1) {
            throw new LabException(v + " must be at least 1");
        }
    }
}
