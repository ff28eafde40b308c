package lazyartist.lab;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import lazyartist.data.Pixels;
import lazyartist.io.Json;

/** Reading the lab's requests: the method, the JSON body and its fields, the query; bad ones are refused. */
final class Requests {

    /** Most bytes of a refused body read before the answer, so that the client receives it. */
    private static final int DRAIN = 1024 * 1024;

    private Requests() {}

    /** An error the client caused, with its HTTP status. */
    static final class Refused extends RuntimeException {
        final int status;

        Refused(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    static void requireMethod(HttpExchange exchange, String method) {
        if (!exchange.getRequestMethod().equals(method)) {
            throw new Refused(405, exchange.getRequestURI().getPath() + " takes " + method + ", not "
                    + exchange.getRequestMethod());
        }
    }

    static JsonNode body(HttpExchange exchange) throws IOException {
        byte[] bytes;
        try (InputStream in = exchange.getRequestBody()) {
            bytes = in.readNBytes(LabServer.MAX_BODY + 1);
            if (bytes.length > LabServer.MAX_BODY) {
                // Read the rest (up to a bound) before answering: a connection closed on unread bytes is reset,
                // and the reset can take the 413 with it.
                in.readNBytes(DRAIN);
                throw new Refused(413, "request body over " + LabServer.MAX_BODY / 1024 + " KB");
            }
        }
        try {
            JsonNode node = Json.MAPPER.readTree(bytes);
            if (node == null || !node.isObject()) {
                throw new Refused(400, "the body must be a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new Refused(400, "the body is not JSON: " + e.getOriginalMessage());
        }
    }

    static String text(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || !v.isTextual()) {
            throw new Refused(400, "'" + field + "' must be a string");
        }
        return v.asText();
    }

    static double number(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || !v.isNumber()) {
            throw new Refused(400, "'" + field + "' must be a number");
        }
        return v.asDouble();
    }

    static double number(JsonNode body, String field, double fallback) {
        return body.has(field) ? number(body, field) : fallback;
    }

    static int digitField(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || !v.canConvertToInt() || !v.isIntegralNumber()) {
            throw new Refused(400, "'" + field + "' must be a digit 0-9");
        }
        return v.asInt();
    }

    static int[] ints(JsonNode body, String field) {
        JsonNode v = body.path(field);
        if (v.isMissingNode()) {
            return new int[0];
        }
        if (!v.isArray() || v.size() > 100_000) {
            throw new Refused(400, "'" + field + "' must be a list of feature numbers");
        }
        int[] out = new int[v.size()];
        for (int i = 0; i < out.length; i++) {
            if (!v.get(i).isIntegralNumber()) {
                throw new Refused(400, "'" + field + "' must be a list of feature numbers");
            }
            out[i] = v.get(i).asInt();
        }
        return out;
    }

    static int[] rgb(JsonNode body) {
        JsonNode v = body.path("rgb");
        if (!v.isArray() || v.size() != 3) {
            throw new Refused(400, "'rgb' must be [r, g, b], each 0-255");
        }
        int[] out = new int[3];
        for (int i = 0; i < 3; i++) {
            if (!v.get(i).isIntegralNumber()) {
                throw new Refused(400, "'rgb' must be [r, g, b], each 0-255");
            }
            out[i] = v.get(i).asInt();
        }
        return out;
    }

    static byte[] image(JsonNode body) {
        return bytes(body, "image", Pixels.VALUES);
    }

    /** A base64 field of exactly {@code size} bytes. */
    static byte[] bytes(JsonNode body, String field, int size) {
        byte[] out;
        try {
            out = Base64.getDecoder().decode(text(body, field));
        } catch (IllegalArgumentException e) {
            throw new Refused(400, "'" + field + "' must be base64");
        }
        if (out.length != size) {
            throw new Refused(400, "'" + field + "' must be " + size + " bytes, got " + out.length);
        }
        return out;
    }

    static Map<String, String> query(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw == null) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    static int integer(Map<String, String> query, String key) {
        try {
            return Integer.parseInt(query.getOrDefault(key, ""));
        } catch (NumberFormatException e) {
            throw new Refused(400, "'" + key + "' must be a whole number");
        }
    }

    static int integer(Map<String, String> query, String key, int fallback) {
        return query.containsKey(key) ? integer(query, key) : fallback;
    }
}
