package lazyartist.lab;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import lazyartist.LabException;
import lazyartist.data.Pixels;
import lazyartist.io.Json;

/**
 * The lab's web server: one page and a JSON API over a {@link Lab}, on the JDK's own HTTP server
 * (a local, single-user lab needs no more, and it adds no dependency). Every error is a 4xx with a
 * one-line JSON {@code {"error": …}}; names from the client only select among loaded models and
 * splits, never a file.
 */
public final class LabServer implements AutoCloseable {

    /** Largest request body: a JSON image is about 3 KB. */
    public static final int MAX_BODY = 64 * 1024;
    /** Most bytes of a refused body read before the answer, so that the client receives it. */
    private static final int DRAIN = 1024 * 1024;
    private static final List<String> POSTS = List.of("paint", "predict", "explain", "attack", "dream", "features");
    private static final Map<String, String> PAGES = Map.of("/", "index.html", "/index.html", "index.html",
            "/lab.js", "lab.js", "/lab.css", "lab.css");

    /** Answers go out on one line: smaller, and an error is one line. */
    private static final com.fasterxml.jackson.databind.ObjectWriter COMPACT = Json.MAPPER.writer()
            .without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT);

    private final Lab lab;
    private final HttpServer server;
    private final ExecutorService threads;
    private final Door door;

    private LabServer(Lab lab, HttpServer server, ExecutorService threads, Door door) {
        this.lab = lab;
        this.server = server;
        this.threads = threads;
        this.door = door;
    }

    /** Starts serving {@code lab} on host:port (port 0: a free one). */
    public static LabServer start(Lab lab, String host, int port) {
        checkPort(port);
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 0);
        } catch (IOException e) {
            throw new LabException("cannot listen on " + host + ":" + port + " (" + e.getMessage()
                    + "); choose another --port or --host");
        }
        ExecutorService threads = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "lab-http");
            t.setDaemon(true);
            return t;
        });
        LabServer s = new LabServer(lab, server, threads, Door.of(host, server.getAddress()));
        server.createContext("/", s::handle);
        server.setExecutor(threads);
        server.start();
        return s;
    }

    /** A port the server can listen on: 0 (any free one) to 65535. */
    public static void checkPort(int port) {
        if (port < 0 || port > 65535) {
            throw new LabException("--port must be 0 (any free one) to 65535, got " + port);
        }
    }

    public URI address() {
        InetSocketAddress a = server.getAddress();
        String host = a.getHostString().contains(":") ? "[" + a.getHostString() + "]" : a.getHostString();
        return URI.create("http://" + host + ":" + a.getPort() + "/");
    }

    /** The address to open: with the token when the lab listens beyond this machine. */
    public URI entrance() {
        return door.token() == null ? address() : address().resolve("?token=" + door.token());
    }

    /** An error the client caused, with its HTTP status. */
    static final class Refused extends RuntimeException {
        final int status;

        Refused(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    private void handle(HttpExchange exchange) {
        try (exchange) {
            try {
                String path = exchange.getRequestURI().getPath();
                String presented = query(exchange.getRequestURI().getRawQuery()).get("token");
                String refusal = door.refusal(exchange.getRequestHeaders().getFirst("Host"),
                        exchange.getRequestHeaders().getFirst("Origin"), presented,
                        exchange.getRequestHeaders().getFirst("Cookie"));
                if (refusal != null) {
                    throw new Refused(403, refusal);
                }
                String cookie = door.cookieFor(presented);
                if (cookie != null) {
                    exchange.getResponseHeaders().set("Set-Cookie", cookie);
                }
                if (path.startsWith("/api/")) {
                    Object answer = api(exchange, path.substring(5));
                    reply(exchange, 200, "application/json", COMPACT.writeValueAsBytes(answer));
                } else if (PAGES.containsKey(path)) {
                    requireMethod(exchange, "GET");
                    reply(exchange, 200, contentType(PAGES.get(path)), page(PAGES.get(path)));
                } else {
                    throw new Refused(404, "no such page: " + path);
                }
            } catch (Refused e) {
                error(exchange, e.status, e.getMessage());
            } catch (LabException e) {
                error(exchange, 400, e.getMessage());
            } catch (RuntimeException e) {
                System.err.println("lab: " + e);
                error(exchange, 500, "the lab failed on this request: " + e.getClass().getSimpleName());
            }
        } catch (IOException e) {
            // The client went away; nothing to answer.
        }
    }

    private Object api(HttpExchange exchange, String endpoint) throws IOException {
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        switch (endpoint) {
            case "models" -> {
                requireMethod(exchange, "GET");
                return models();
            }
            case "image" -> {
                requireMethod(exchange, "GET");
                String split = query.getOrDefault("split", "hard");
                return query.containsKey("index") ? lab.digit(split, integer(query, "index"))
                        : lab.pick(split, "conflicting".equals(query.get("pick")), integer(query, "seed", 0));
            }
            default -> {
                if (!POSTS.contains(endpoint)) {
                    throw new Refused(404, "no such endpoint: /api/" + endpoint);
                }
                requireMethod(exchange, "POST");
                return post(endpoint, body(exchange));
            }
        }
    }

    /** Answers are the lab's records; Jackson writes their byte arrays (images) as base64. */
    private Object post(String endpoint, JsonNode body) {
        return switch (endpoint) {
            case "paint" -> Map.of("image", lab.paint(bytes(body, "grey", Pixels.PIXELS), rgb(body),
                    body.path("seed").asLong(0)));
            case "predict" -> Map.of("readings", lab.read(image(body)));
            case "explain" -> lab.look(text(body, "model"), image(body), body.path("method").asText("hirescam"),
                    body.hasNonNull("target") ? digitField(body, "target") : null);
            case "attack" -> lab.attack(text(body, "model"), image(body), digitField(body, "target"),
                    number(body, "epsilon"), (int) number(body, "steps", 40));
            case "dream" -> lab.dream(text(body, "model"), image(body), digitField(body, "digit"),
                    (int) number(body, "steps", 64));
            case "features" -> lab.features(text(body, "model"), image(body), ints(body, "off"));
            default -> throw new Refused(404, "no such endpoint: /api/" + endpoint);
        };
    }

    private Map<String, Object> models() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("mode", lab.mode().key());
        out.put("palette", lab.palette().colours());
        Map<String, Integer> splits = new LinkedHashMap<>();
        LabSettings.SPLITS.forEach(s -> splits.put(s, lab.splitSize(s)));
        out.put("splits", splits);
        out.put("methods", lazyartist.explain.Methods.NAMES);
        out.put("maxEpsilon", LabSettings.MAX_EPSILON);
        out.put("maxSteps", LabSettings.MAX_STEPS);
        List<Map<String, Object>> models = new ArrayList<>();
        for (Lab.Model m : lab.models()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("name", m.name());
            e.put("architecture", m.architecture());
            e.put("debiased", m.debiased());
            e.put("cam", m.camStage() != null);
            e.put("features", m.switches() != null ? m.switches().size() : 0);
            models.add(e);
        }
        out.put("models", models);
        return out;
    }

    private static void requireMethod(HttpExchange exchange, String method) {
        if (!exchange.getRequestMethod().equals(method)) {
            throw new Refused(405, exchange.getRequestURI().getPath() + " takes " + method + ", not "
                    + exchange.getRequestMethod());
        }
    }

    private static JsonNode body(HttpExchange exchange) throws IOException {
        byte[] bytes;
        try (InputStream in = exchange.getRequestBody()) {
            bytes = in.readNBytes(MAX_BODY + 1);
            if (bytes.length > MAX_BODY) {
                // Read the rest (up to a bound) before answering: a connection closed on unread bytes is reset,
                // and the reset can take the 413 with it.
                in.readNBytes(DRAIN);
                throw new Refused(413, "request body over " + MAX_BODY / 1024 + " KB");
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

    private static String text(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || !v.isTextual()) {
            throw new Refused(400, "'" + field + "' must be a string");
        }
        return v.asText();
    }

    private static double number(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || !v.isNumber()) {
            throw new Refused(400, "'" + field + "' must be a number");
        }
        return v.asDouble();
    }

    private static double number(JsonNode body, String field, double fallback) {
        return body.has(field) ? number(body, field) : fallback;
    }

    private static int digitField(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || !v.canConvertToInt() || !v.isIntegralNumber()) {
            throw new Refused(400, "'" + field + "' must be a digit 0-9");
        }
        return v.asInt();
    }

    private static int[] ints(JsonNode body, String field) {
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

    private static int[] rgb(JsonNode body) {
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

    private static byte[] image(JsonNode body) {
        return bytes(body, "image", Pixels.VALUES);
    }

    /** A base64 field of exactly {@code size} bytes. */
    private static byte[] bytes(JsonNode body, String field, int size) {
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

    private static Map<String, String> query(String raw) {
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

    private static int integer(Map<String, String> query, String key) {
        try {
            return Integer.parseInt(query.getOrDefault(key, ""));
        } catch (NumberFormatException e) {
            throw new Refused(400, "'" + key + "' must be a whole number");
        }
    }

    private static int integer(Map<String, String> query, String key, int fallback) {
        return query.containsKey(key) ? integer(query, key) : fallback;
    }

    private static byte[] page(String name) {
        try (InputStream in = LabServer.class.getResourceAsStream("/lazyartist/lab/" + name)) {
            if (in == null) {
                throw new IllegalStateException("the jar lacks the lab page " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String contentType(String name) {
        return name.endsWith(".js") ? "text/javascript; charset=utf-8"
                : name.endsWith(".css") ? "text/css; charset=utf-8" : "text/html; charset=utf-8";
    }

    private static void error(HttpExchange exchange, int status, String message) throws IOException {
        reply(exchange, status, "application/json", COMPACT.writeValueAsBytes(Map.of("error", message)));
    }

    private static void reply(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
