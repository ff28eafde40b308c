package lazyartist.lab;

import static lazyartist.lab.Requests.bytes;
import static lazyartist.lab.Requests.digitField;
import static lazyartist.lab.Requests.image;
import static lazyartist.lab.Requests.ints;
import static lazyartist.lab.Requests.number;
import static lazyartist.lab.Requests.rgb;
import static lazyartist.lab.Requests.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import lazyartist.LabException;
import lazyartist.OptionException;
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
            throw new OptionException("cannot listen on " + host + ":" + port + " (" + e.getMessage()
                    + "); choose another {port} or {host}");
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
            throw new OptionException("{port} must be 0 (any free one) to 65535, got " + port);
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

    private void handle(HttpExchange exchange) {
        try (exchange) {
            try {
                String path = exchange.getRequestURI().getPath();
                String presented = Requests.query(exchange.getRequestURI().getRawQuery()).get("token");
                String refusal = door.refusal(exchange.getRequestHeaders().getFirst("Host"),
                        exchange.getRequestHeaders().getFirst("Origin"), presented,
                        exchange.getRequestHeaders().getFirst("Cookie"));
                if (refusal != null) {
                    throw new Requests.Refused(403, refusal);
                }
                String cookie = door.cookieFor(presented);
                if (cookie != null) {
                    exchange.getResponseHeaders().set("Set-Cookie", cookie);
                }
                if (path.startsWith("/api/")) {
                    Object answer = api(exchange, path.substring(5));
                    reply(exchange, 200, "application/json", COMPACT.writeValueAsBytes(answer));
                } else if (PAGES.containsKey(path)) {
                    Requests.requireMethod(exchange, "GET");
                    reply(exchange, 200, contentType(PAGES.get(path)), page(PAGES.get(path)));
                } else {
                    throw new Requests.Refused(404, "no such page: " + path);
                }
            } catch (Requests.Refused e) {
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
        Map<String, String> query = Requests.query(exchange.getRequestURI().getRawQuery());
        switch (endpoint) {
            case "models" -> {
                Requests.requireMethod(exchange, "GET");
                return models();
            }
            case "image" -> {
                Requests.requireMethod(exchange, "GET");
                String split = query.getOrDefault("split", "hard");
                return query.containsKey("index") ? lab.digit(split, Requests.integer(query, "index"))
                        : lab.pick(split, "conflicting".equals(query.get("pick")), Requests.integer(query, "seed", 0));
            }
            default -> {
                if (!POSTS.contains(endpoint)) {
                    throw new Requests.Refused(404, "no such endpoint: /api/" + endpoint);
                }
                Requests.requireMethod(exchange, "POST");
                return post(endpoint, Requests.body(exchange));
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
            default -> throw new Requests.Refused(404, "no such endpoint: /api/" + endpoint);
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
