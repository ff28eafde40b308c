package lazyartist.study;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.List;
import lazyartist.LabException;
import lazyartist.io.Json;

/**
 * A study config file read over a preset: the fields it gives replace the preset's (a group of options
 * field by field, a list or a map whole), so a file may hold only what it changes. An unknown field is
 * an error that names the fields there are.
 */
final class StudyConfigFile {

    private StudyConfigFile() {}

    /** The config of {@code file} over {@code base}. */
    static StudyConfig read(Path file, StudyConfig base) {
        JsonNode given = Json.readTree(file);
        if (!given.isObject()) {
            throw new LabException(file + " must hold a JSON object of config fields (see --print-config)");
        }
        ObjectNode merged = Json.MAPPER.valueToTree(base);
        overlay(merged, (ObjectNode) given, StudyConfig.class);
        try {
            return Json.MAPPER.treeToValue(merged, StudyConfig.class);
        } catch (UnrecognizedPropertyException e) {
            throw new LabException(file + ": unknown field '" + e.getPropertyName() + "'" + where(e) + "; the fields"
                    + " there are " + e.getKnownPropertyIds().stream().map(Object::toString).sorted().toList()
                    + " (see --print-config)");
        } catch (JsonProcessingException e) {
            throw new LabException(file + " is not a valid study config: " + e.getOriginalMessage());
        }
    }

    /** Sets {@code given}'s fields in {@code base}, going into fields that hold records of {@code type}. */
    private static void overlay(ObjectNode base, ObjectNode given, Class<?> type) {
        given.fields().forEachRemaining(field -> {
            Class<?> fieldType = java.util.Arrays.stream(type.getRecordComponents())
                    .filter(c -> c.getName().equals(field.getKey())).map(RecordComponent::getType).findFirst()
                    .orElse(Object.class);
            if (fieldType.isRecord() && base.get(field.getKey()) instanceof ObjectNode o
                    && field.getValue() instanceof ObjectNode g) {
                overlay(o, g, fieldType);
            } else {
                base.set(field.getKey(), field.getValue());
            }
        });
    }

    /** " in <parent field>" for a nested unknown field. */
    private static String where(UnrecognizedPropertyException e) {
        List<String> path = e.getPath().stream().map(JsonMappingException.Reference::getFieldName)
                .filter(java.util.Objects::nonNull).toList();
        return path.size() > 1 ? " in '" + String.join(".", path.subList(0, path.size() - 1)) + "'" : "";
    }
}
