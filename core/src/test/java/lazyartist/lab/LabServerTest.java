package lazyartist.lab;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import lazyartist.io.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LabServerTest {

    private static LabServer server;
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        server = LabServer.start(LabFixture.lab(), "127.0.0.1", 0);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    record Reply(int status, JsonNode json, String text) {}

    private static Reply get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(server.address().resolve(path)).GET().build());
    }

    private static Reply post(String path, Object body) throws IOException, InterruptedException {
        byte[] bytes = body instanceof byte[] b ? b : Json.toBytes(body);
        return send(HttpRequest.newBuilder(server.address().resolve(path))
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).header("Content-Type", "application/json").build());
    }

    private static Reply send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> r = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        JsonNode json = r.headers().firstValue("Content-Type").orElse("").startsWith("application/json")
                ? Json.MAPPER.readTree(r.body()) : null;
        return new Reply(r.statusCode(), json, r.body());
    }

    private static String encode(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }

    private static byte[] digitImage(String split, int index) throws IOException, InterruptedException {
        return Base64.getDecoder().decode(get("api/image?split=" + split + "&index=" + index).json().get("image").asText());
    }

    private static Map<String, Integer> predicted(byte[] image) throws IOException, InterruptedException {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (JsonNode r : post("api/predict", Map.of("image", encode(image))).json().get("readings")) {
            out.put(r.get("model").asText(), r.get("predicted").asInt());
        }
        return out;
    }

    @Test
    void theCheatersAnswerFollowsThePaintTheShapeReadersStays() throws Exception {
        // Validation digits the shape reader reads right in their own colour.
        int followed = 0;
        int stayed = 0;
        int trials = 0;
        for (int index = 0; trials < 5 && index < 100; index++) {
            JsonNode d = get("api/image?split=val&index=" + index).json();
            int label = d.get("label").asInt();
            if (predicted(Base64.getDecoder().decode(d.get("image").asText())).get("shape-reader") != label) {
                continue;
            }
            trials++;
            for (int colour = 0; colour < 10; colour++) {
                JsonNode rgb = get("api/models").json().get("palette").get(colour).get("rgb");
                byte[] painted = Base64.getDecoder().decode(post("api/paint", Map.of("grey", d.get("grey").asText(),
                        "rgb", Json.MAPPER.convertValue(rgb, int[].class), "seed", 1)).json().get("image").asText());
                Map<String, Integer> p = predicted(painted);
                followed += p.get("cheater") == colour ? 1 : 0;
                stayed += p.get("shape-reader") == label ? 1 : 0;
            }
        }
        assertThat(trials).isEqualTo(5);
        assertThat(followed).as("of 50 paintings, the cheater answers the colour's digit").isGreaterThanOrEqualTo(40);
        assertThat(stayed).as("of 50 paintings, the shape reader keeps the digit").isGreaterThanOrEqualTo(40);
    }

    @Test
    void paintingAsTheGeneratorDoesReproducesTheDigitItself() throws Exception {
        JsonNode d = get("api/image?split=hard&index=3").json();
        JsonNode rgb = get("api/models").json().get("palette").get(d.get("colour").asInt()).get("rgb");
        byte[] painted = Base64.getDecoder().decode(post("api/paint", Map.of("grey", d.get("grey").asText(),
                "rgb", Json.MAPPER.convertValue(rgb, int[].class), "seed", 9)).json().get("image").asText());
        byte[] original = Base64.getDecoder().decode(d.get("image").asText());
        // Same strokes, same colour: only the texture's noise differs.
        double meanDifference = 0;
        for (int k = 0; k < painted.length; k++) {
            meanDifference += Math.abs((painted[k] & 0xff) - (original[k] & 0xff)) / (double) painted.length;
        }
        assertThat(meanDifference).isLessThan(16);
    }

    @Test
    void aMapHasOneValuePerPixelForTheAnsweredClass() throws Exception {
        byte[] image = digitImage("hard", 0);
        int answer = predicted(image).get("cheater");
        JsonNode r = post("api/explain", Map.of("model", "cheater", "image", encode(image), "method", "hirescam")).json();
        assertThat(r.get("target").asInt()).isEqualTo(answer);
        assertThat(r.get("map")).hasSize(784);
        double sum = 0;
        for (JsonNode v : r.get("map")) {
            sum += Math.abs(v.asDouble());
        }
        assertThat(sum).isPositive();
    }

    @Test
    void anAttackStaysWithinItsBudgetAndReportsItsReading() throws Exception {
        byte[] image = digitImage("val", 1);
        JsonNode r = post("api/attack", Map.of("model", "cheater", "image", encode(image), "target", 3,
                "epsilon", 0.1, "steps", 20)).json();
        byte[] adversarial = Base64.getDecoder().decode(r.get("adversarial").asText());
        int largest = 0;
        for (int k = 0; k < image.length; k++) {
            largest = Math.max(largest, Math.abs((adversarial[k] & 0xff) - (image[k] & 0xff)));
        }
        assertThat(largest).isLessThanOrEqualTo(Math.round(0.1f * 255)).isPositive();
        assertThat(r.get("maxChange").asDouble()).isEqualTo(largest / 255.0);
        double total = 0;
        for (JsonNode p : r.get("reading").get("probabilities")) {
            total += p.asDouble();
        }
        assertThat(total).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
        assertThat(r.get("success").asBoolean()).isEqualTo(r.get("reading").get("predicted").asInt() == 3
                && r.get("reading").get("probabilities").get(3).asDouble() >= 0.9);
    }

    @Test
    void gradientRequestsAtTheSameTimeAllSucceed() throws Exception {
        byte[] image = digitImage("val", 2);
        List<CompletableFuture<HttpResponse<String>>> replies = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Map<String, Object> body = i % 2 == 0
                    ? Map.of("model", "shape-reader", "image", encode(image), "target", i, "epsilon", 0.05, "steps", 10)
                    : Map.of("model", "cheater", "image", encode(image), "method", "integrated-gradients");
            replies.add(CLIENT.sendAsync(HttpRequest.newBuilder(server.address().resolve(i % 2 == 0 ? "api/attack"
                    : "api/explain")).POST(HttpRequest.BodyPublishers.ofByteArray(Json.toBytes(body))).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        for (CompletableFuture<HttpResponse<String>> r : replies) {
            assertThat(r.get().statusCode()).as(r.get().body()).isEqualTo(200);
        }
    }

    @Test
    void aDreamGivesFramesUpToTheStepsAsked() throws Exception {
        JsonNode r = post("api/dream", Map.of("model", "cheater", "image", encode(digitImage("val", 0)), "digit", 3,
                "steps", 16)).json();
        assertThat(r.get("steps").toString()).isEqualTo("[0,1,2,4,8,16]");
        assertThat(r.get("frames")).hasSize(6);
        assertThat(Base64.getDecoder().decode(r.get("frames").get(5).asText())).hasSize(2352)
                .isNotEqualTo(Base64.getDecoder().decode(r.get("frames").get(0).asText()));
    }

    private static void refused(Reply r, int status, String says) {
        assertThat(r.status()).as(r.text()).isEqualTo(status);
        assertThat(r.text().strip()).doesNotContain("\n");
        assertThat(r.json().size()).isEqualTo(1);
        assertThat(r.json().get("error").asText()).contains(says).doesNotContain("\n").doesNotContain("Exception");
    }

    @Test
    void badInputGetsAOneLineClientError() throws Exception {
        String image = encode(digitImage("val", 0));
        refused(post("api/predict", Map.of("image", encode(new byte[100]))), 400, "2352 bytes");
        refused(post("api/predict", Map.of("image", "not base64 ***")), 400, "base64");
        refused(post("api/predict", Map.of()), 400, "'image'");
        refused(post("api/predict", "{not json".getBytes()), 400, "not JSON");
        refused(post("api/predict", "[1, 2]".getBytes()), 400, "JSON object");
        refused(post("api/predict", new byte[LabServer.MAX_BODY + 10]), 413, "64 KB");
        refused(post("api/explain", Map.of("model", "nobody", "image", image)), 400, "unknown model 'nobody'");
        refused(post("api/explain", Map.of("model", "../../../etc/passwd", "image", image)), 400, "unknown model");
        refused(post("api/explain", Map.of("model", "cheater", "image", image, "method", "x")), 400, "unknown map method");
        refused(post("api/explain", Map.of("model", "cheater", "image", image, "target", 10)), 400, "0 to 9");
        for (double epsilon : new double[] {0, -0.1, 0.31, 2}) {
            refused(post("api/attack", Map.of("model", "cheater", "image", image, "target", 3, "epsilon", epsilon)),
                    400, "ε must be in (0, 0.3]");
        }
        refused(post("api/attack", Map.of("model", "cheater", "image", image, "target", 3, "epsilon", 0.1,
                "steps", 5000)), 400, "steps must be 1 to 200");
        refused(post("api/attack", Map.of("model", "cheater", "image", image, "target", "three", "epsilon", 0.1)),
                400, "'target' must be a digit");
        refused(post("api/dream", Map.of("model", "cheater", "image", image, "digit", 3, "steps", 1000)), 400,
                "dream steps");
        refused(post("api/features", Map.of("model", "cheater", "image", image)), 400, "no decomposition");
        refused(post("api/paint", Map.of("grey", encode(new byte[784]), "rgb", List.of(1, 2, 300))), 400, "0-255");
        refused(get("api/image?split=train&index=0"), 400, "unknown split 'train'");
        refused(get("api/image?split=val&index=99999"), 400, "outside split val");
        refused(get("api/image?split=val&index=abc"), 400, "whole number");
        refused(get("api/predict"), 405, "takes POST");
        refused(post("api/models", Map.of()), 405, "takes GET");
        refused(get("api/nothing"), 404, "no such endpoint");
        refused(get("api/../../../etc/passwd"), 404, "no such");
        refused(get("../../etc/passwd"), 404, "no such page");
    }

    /** A raw request, so that its Host and Origin are whatever the test says (HttpClient sets Host itself). */
    private static int rawStatus(LabServer on, String target, String host, String origin) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", on.address().getPort())) {
            String request = "GET " + target + " HTTP/1.1\r\nHost: " + host + "\r\n"
                    + (origin == null ? "" : "Origin: " + origin + "\r\n") + "Connection: close\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            String status = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
            return Integer.parseInt(status.split(" ")[1]);
        }
    }

    @Test
    void requestsNamingAnotherHostOrOriginAreRefused() throws Exception {
        int port = server.address().getPort();
        assertThat(rawStatus(server, "/api/models", "127.0.0.1:" + port, null)).isEqualTo(200);
        assertThat(rawStatus(server, "/api/models", "localhost:" + port, "http://localhost:" + port)).isEqualTo(200);
        // DNS rebinding: the attacker's name resolves to this machine; the browser still sends it as Host.
        assertThat(rawStatus(server, "/api/models", "evil.example:" + port, "http://evil.example:" + port)).isEqualTo(403);
        assertThat(rawStatus(server, "/", "evil.example", null)).isEqualTo(403);
        assertThat(rawStatus(server, "/api/models", "localhost:" + (port + 1), null)).isEqualTo(403);
        // A page elsewhere calling the lab on its right address.
        assertThat(rawStatus(server, "/api/models", "127.0.0.1:" + port, "http://evil.example")).isEqualTo(403);
        assertThat(rawStatus(server, "/api/models", "127.0.0.1:" + port, "null")).isEqualTo(403);
        Reply refused = send(HttpRequest.newBuilder(server.address().resolve("api/models"))
                .header("Origin", "http://evil.example").GET().build());
        refused(refused, 403, "cross-origin");
        assertThat(server.entrance()).isEqualTo(server.address());
    }

    @Test
    void beyondLoopbackTheLabWantsItsToken() throws Exception {
        String token;
        try (LabServer open = LabServer.start(LabFixture.lab(), "0.0.0.0", 0)) {
            token = open.entrance().getQuery().substring("token=".length());
            assertThat(token).hasSize(32);
            URI local = URI.create("http://127.0.0.1:" + open.address().getPort() + "/");
            refused(send(HttpRequest.newBuilder(local.resolve("api/models")).GET().build()), 403, "token");
            refused(send(HttpRequest.newBuilder(local.resolve("api/models?token=" + "0".repeat(32))).GET().build()),
                    403, "token");
            HttpResponse<String> page = CLIENT.send(HttpRequest.newBuilder(local.resolve("?token=" + token)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            String cookie = page.headers().firstValue("Set-Cookie").orElseThrow();
            assertThat(cookie).startsWith(Door.COOKIE + "=" + token).contains("HttpOnly").contains("SameSite=Strict");
            Reply withCookie = send(HttpRequest.newBuilder(local.resolve("api/models"))
                    .header("Cookie", cookie.substring(0, cookie.indexOf(';'))).GET().build());
            assertThat(withCookie.status()).isEqualTo(200);
            assertThat(withCookie.json().get("models").size()).isPositive();
        }
        try (LabServer other = LabServer.start(LabFixture.lab(), "0.0.0.0", 0)) {
            assertThat(other.entrance().getQuery()).as("a fresh token per start").isNotEqualTo("token=" + token);
        }
    }

    @Test
    void thePageAndItsScriptAreServed() throws Exception {
        Reply page = get("");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.text()).contains("<script src=\"lab.js\">").doesNotContain("http://").doesNotContain("https://");
        assertThat(get("lab.js").text()).contains("api('predict'");
    }
}
