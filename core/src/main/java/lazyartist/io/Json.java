package lazyartist.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.NumberDeserializers;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import lazyartist.LabException;

/** One configured Jackson mapper and atomic JSON files. */
public final class Json {

    /**
     * Indented output, fields in declaration order, maps sorted so that files are reproducible; a
     * number that is not finite (not measured, or no value) is written as null and read back as NaN,
     * so that every file parses with a strict JSON parser.
     */
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .registerModule(nonFiniteAsNull());

    private Json() {}

    private static SimpleModule nonFiniteAsNull() {
        SimpleModule module = new SimpleModule("non-finite numbers as null");
        FiniteSerializer<Double> doubles = new FiniteSerializer<>((v, out) -> {
            if (Double.isFinite(v)) {
                out.writeNumber(v);
            } else {
                out.writeNull();
            }
        });
        FiniteSerializer<Float> floats = new FiniteSerializer<>((v, out) -> {
            if (Float.isFinite(v)) {
                out.writeNumber(v);
            } else {
                out.writeNull();
            }
        });
        FiniteSerializer<double[]> doubleArrays = new FiniteSerializer<>((v, out) -> {
            out.writeStartArray();
            for (double d : v) {
                doubles.writer.write(d, out);
            }
            out.writeEndArray();
        });
        FiniteSerializer<float[]> floatArrays = new FiniteSerializer<>((v, out) -> {
            out.writeStartArray();
            for (float f : v) {
                floats.writer.write(f, out);
            }
            out.writeEndArray();
        });
        module.addSerializer(Double.class, doubles).addSerializer(double.class, doubles)
                .addSerializer(Float.class, floats).addSerializer(float.class, floats)
                .addSerializer(double[].class, doubleArrays).addSerializer(float[].class, floatArrays);
        module.addDeserializer(double.class, new NumberDeserializers.DoubleDeserializer(double.class, Double.NaN));
        module.addDeserializer(Double.class, new NumberDeserializers.DoubleDeserializer(Double.class, Double.NaN));
        return module;
    }

    /** Writes a value with a small function. */
    private static final class FiniteSerializer<T> extends JsonSerializer<T> {

        interface Writer<T> {
            void write(T value, JsonGenerator out) throws IOException;
        }

        final Writer<T> writer;

        FiniteSerializer(Writer<T> writer) {
            this.writer = writer;
        }

        @Override
        public void serialize(T value, JsonGenerator out, SerializerProvider provider) throws IOException {
            writer.write(value, out);
        }
    }

    /** Writes a value as JSON, atomically. */
    public static void write(Path file, Object value) {
        AtomicFiles.write(file, toBytes(value));
    }

    /** The JSON bytes of a value, ending in a newline. */
    public static byte[] toBytes(Object value) {
        try {
            return (MAPPER.writeValueAsString(value) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    /** Reads a JSON file into a type, with a one-line error for a missing or malformed file. */
    public static <T> T read(Path file, Class<T> type) {
        if (!Files.isRegularFile(file)) {
            throw new LabException("missing file " + file);
        }
        try {
            return MAPPER.readValue(file.toFile(), type);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new LabException(file + " is not valid JSON for " + type.getSimpleName() + ": "
                    + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new LabException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads a JSON file as a tree. */
    public static JsonNode readTree(Path file) {
        return read(file, JsonNode.class);
    }
}
