package lazyartist.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import lazyartist.io.Json;
import lazyartist.task.ProbeFiles;

/** Section 2 · The prober: what each channel's top-activating hard digits share. */
final class ProberSection {

    private ProberSection() {}

    static void write(Run r, Html out, List<List<String>> summary) throws IOException {
        Path run = r.run();
        Path report = r.report();
        List<String> models = r.models();
        out.heading(2, "task2", "2 · The prober");
        out.paragraph("What do the neurons see? For every channel of every feature-map stage, the 16 hard digits that"
                + " excite it most: on the hard split colour and digit are independent, so a channel whose top digits"
                + " share a colour (colour purity ≥ 50% and 20 points above digit purity) sees colour, one whose top"
                + " digits share a digit sees shape, and the rest are mixed. Beside them, images grown from one shared"
                + " random start by gradient ascent on each channel's mean activation.");
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("model", "stage", "channels", "colour", "shape", "mixed"));
        Html figures = new Html();
        StringBuilder key = new StringBuilder();
        for (String name : models) {
            Path dir = run.resolve("models").resolve(name).resolve("probe");
            if (!Files.isRegularFile(dir.resolve(ProbeFiles.JSON))) {
                continue;
            }
            JsonNode stages = Json.readTree(dir.resolve(ProbeFiles.JSON)).get("stages");
            int colour = 0;
            int total = 0;
            String last = null;
            for (JsonNode s : stages) {
                JsonNode c = s.get("counts");
                int n = c.get("colour").asInt() + c.get("shape").asInt() + c.get("mixed").asInt();
                rows.add(List.of(name, s.get("stage").asText(), Integer.toString(n), c.get("colour").asText(),
                        c.get("shape").asText(), c.get("mixed").asText()));
                colour += c.get("colour").asInt();
                total += n;
                last = s.get("stage").asText();
            }
            key.append(key.length() == 0 ? "" : ", ").append(name).append(' ').append(colour).append('/').append(total);
            figures.openDetails("probe-" + name, name);
            for (String[] fig : new String[][] {{"top-" + last + ".png", "top-activating hard digits of the first"
                    + " channels of " + last + ", with each channel's label and purities: a"
                    + " colour channel's digits share a tint but not a shape."},
                    {"maximise-" + last + ".png", "images maximising each channel of " + last + ": flat colour fields are"
                    + " colour detectors, strokes and edges shape detectors."}}) {
                Run.figure(figures, report, dir.resolve(fig[0]), name + "-" + fig[0], name + ": " + fig[1]);
            }
            figures.closeDetails();
        }
        summary.add(List.of("2 Prober", "top-activating digits and activation maximisation",
                "colour channels: " + key));
        out.table("Channels by what their top-activating hard digits share", rows);
        out.raw(figures.toString());
    }

}
