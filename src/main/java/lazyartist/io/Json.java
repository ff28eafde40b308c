package lazyartist.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import lazyartist.LabException;

/** One configured Jackson mapper and atomic JSON files. */
public final class Json {

    /** Indented output, fields in declaration order, maps sorted so that files are reproducible. */
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private Json() {}

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
