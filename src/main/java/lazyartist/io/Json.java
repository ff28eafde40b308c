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
        JsonSerializer<Double> doubles = new JsonSerializer<>() {
            @Override
            public void serialize(Double v, JsonGenerator out, SerializerProvider provider) throws IOException {
                if (Double.isFinite(v)) {
                    out.writeNumber(v);
                } else {
                    out.writeNull();
                }
            }
        };
        JsonSerializer<Float> floats = new JsonSerializer<>() {
            @Override
            public void serialize(Float v, JsonGenerator out, SerializerProvider provider) throws IOException {
                if (Float.isFinite(v)) {
                    out.writeNumber(v);
                } else {
                    out.writeNull();
                }
            }
        };
        JsonSerializer<float[]> floatArrays = new JsonSerializer<>() {
            @Override
            public void serialize(float[] v, JsonGenerator out, SerializerProvider provider) throws IOException {
                out.writeStartArray();
                for (float f : v) {
                    floats.serialize(f, out, provider);
                }
                out.writeEndArray();
            }
        };
        JsonSerializer<double[]> doubleArrays = new JsonSerializer<>() {
            @Override
            public void serialize(double[] v, JsonGenerator out, SerializerProvider provider) throws IOException {
                out.writeStartArray();
                for (double d : v) {
                    doubles.serialize(d, out, provider);
                }
                out.writeEndArray();
            }
        };
        module.addSerializer(Double.class, doubles).addSerializer(double.class, doubles)
                .addSerializer(Float.class, floats).addSerializer(float.class, floats)
                .addSerializer(float[].class, floatArrays).addSerializer(double[].class, doubleArrays);
        module.addDeserializer(double.class, new NumberDeserializers.DoubleDeserializer(double.class, Double.NaN));
        module.addDeserializer(Double.class, new NumberDeserializers.DoubleDeserializer(Double.class, Double.NaN));
        return module;
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
