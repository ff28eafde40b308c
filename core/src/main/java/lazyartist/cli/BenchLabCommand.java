package lazyartist.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.Callable;
import lazyartist.LabException;
import lazyartist.io.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Milliseconds per request of a running lab, as its page would ask. */
@Command(name = "lab", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = {"Time a running lab (start it with `lazy-artist lab`): a reading by every model, a map,",
            "and a 40-step attack, each request from the client's side; prints median and slowest."})
final class BenchLabCommand implements Callable<Integer> {

    @Option(names = "--url", defaultValue = "http://127.0.0.1:8765/", description = "The lab's address.")
    URI url;

    @Option(names = "--repeats", defaultValue = "20", description = "Timed requests of each kind after one warm-up.")
    int repeats;

    @Option(names = "--method", defaultValue = "hirescam", description = "Map method to time.")
    String method;

    @Option(names = "--model", description = "Model for the map and the attack (default: the lab's first).")
    String model;

    private final HttpClient client = HttpClient.newHttpClient();

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (repeats < 1) {
            throw new LabException("--repeats must be at least 1, got " + repeats);
        }
        JsonNode models = get("api/models");
        JsonNode digit = get("api/image?split=hard&pick=random&seed=1");
        String image = digit.get("image").asText();
        JsonNode chosen = models.get("models").get(0);
        for (JsonNode m : models.get("models")) {
            chosen = m.get("name").asText().equals(model) ? m : chosen;
        }
        if (model != null && !chosen.get("name").asText().equals(model)) {
            throw new LabException("the lab has no model '" + model + "'");
        }
        String name = chosen.get("name").asText();
        String map = chosen.get("cam").asBoolean() ? method : "saliency";
        time("read (" + models.get("models").size() + " models)", "api/predict", Map.of("image", image));
        time("map (" + map + ", " + name + ")", "api/explain", Map.of("model", name, "image", image, "method", map));
        time("attack (pgd 40 steps, " + name + ")", "api/attack", Map.of("model", name, "image", image,
                "target", (digit.get("label").asInt() + 1) % 10, "epsilon", 0.05, "steps", 40));
        return 0;
    }

    private void time(String what, String path, Map<String, Object> body) throws IOException, InterruptedException {
        double[] ms = new double[repeats];
        for (int r = -1; r < repeats; r++) {
            long start = System.nanoTime();
            post(path, body);
            if (r >= 0) {
                ms[r] = (System.nanoTime() - start) / 1e6;
            }
        }
        Arrays.sort(ms);
        System.out.printf("%-40s median %7.1f ms, slowest %7.1f ms (%d requests)%n", what, ms[repeats / 2],
                ms[repeats - 1], repeats);
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(url.resolve(path)).GET().build());
    }

    private JsonNode post(String path, Object body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(url.resolve(path))
                .POST(HttpRequest.BodyPublishers.ofByteArray(Json.toBytes(body))).build());
    }

    private JsonNode send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> r;
        try {
            r = client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new LabException("no lab answers at " + url + ": start one with `lazy-artist lab` (or give --url)");
        }
        JsonNode json = Json.MAPPER.readTree(r.body());
        if (r.statusCode() != 200) {
            throw new LabException("the lab refused " + request.uri().getPath() + ": " + json.path("error").asText());
        }
        return json;
    }
}
