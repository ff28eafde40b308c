package lazyartist.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lazyartist.QuickStudy;
import lazyartist.io.Json;
import lazyartist.task.DebiasTable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each report section drawn on its own from the quick study's files: its numbers appear as the task
 * wrote them, with no NaN and no image it does not ship.
 */
class SectionsTest {

    private static final String CHEATER = "lazy-background";

    @TempDir
    static Path report;
    private static Run run;

    @BeforeAll
    static void read() throws IOException {
        Path folder = QuickStudy.folder();
        Files.createDirectories(report.resolve("img"));
        List<String> debiased = new ArrayList<>();
        try (var models = Files.list(folder.resolve("models"))) {
            models.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("debias-") && n.endsWith("-s42-background"))
                    .sorted().forEach(debiased::add);
        }
        String best = DebiasTable.best(folder.resolve("debias/background").resolve(DebiasTable.JSON))
                .map(m -> "debias-" + m + "-s42-background").orElseThrow();
        run = new Run(folder, report, List.of("background"), List.of(CHEATER, "robust-background"), debiased,
                Map.of("background", List.of(CHEATER, best)));
    }

    /** A section's HTML and its summary rows, checked for what every section owes its reader. */
    private record Drawn(String html, List<List<String>> summary) {}

    private interface Section {
        void write(Run r, Html out, List<List<String>> summary) throws IOException;
    }

    private static Drawn draw(Section section, String task) throws IOException {
        Html out = new Html();
        List<List<String>> summary = new ArrayList<>();
        section.write(run, out, summary);
        String html = out.toString();
        assertThat(html).contains("<h2 id=\"" + task + "\">").doesNotContain("NaN").doesNotContain("Infinity");
        Matcher img = Pattern.compile("src=\"([^\"]+)\"").matcher(html);
        while (img.find()) {
            assertThat(report.resolve(img.group(1))).as(img.group(1)).isRegularFile();
        }
        assertThat(summary).isNotEmpty().allSatisfy(row -> assertThat(row.get(0)).startsWith(task.substring(4)));
        return new Drawn(html, summary);
    }

    private static JsonNode json(String... path) throws IOException {
        return Json.readTree(run.run().resolve(String.join("/", path)));
    }

    @Test
    void datasetShowsTheSplitsCountsAndAlignment() throws IOException {
        Drawn d = draw(DatasetSection::write, "task0");
        JsonNode train = json("data/background/train/manifest.json");
        assertThat(d.html()).contains(String.format(Locale.ROOT, "%,d", train.get("count").asInt()))
                .contains("contact-sheet-background.png");
    }

    @Test
    void cheaterShowsEachModelsHardAccuracyAndFoldsItsFigures() throws IOException {
        Drawn d = draw(CheaterSection::write, "task1");
        double hard = json("models", CHEATER, "eval/metrics.json").get("splits").get("hard").get("accuracy").asDouble();
        assertThat(d.html()).contains(Run.pct(hard)).contains("<details id=\"model-" + CHEATER + "\">");
        assertThat(d.summary()).anySatisfy(row -> assertThat(row.get(0)).isEqualTo("1 Cheater: " + CHEATER));
    }

    @Test
    void proberCountsColourChannels() throws IOException {
        Drawn d = draw(ProberSection::write, "task2");
        JsonNode last = null;
        for (JsonNode s : json("models", CHEATER, "probe/probe.json").get("stages")) {
            last = s;
        }
        assertThat(d.html()).contains("<td>" + last.get("stage").asText() + "</td>")
                .contains("<details id=\"probe-" + CHEATER + "\">");
    }

    @Test
    void interrogationShowsStrokeSharesAndSanityVerdictsWithTheirNumbers() throws IOException {
        Drawn d = draw(InterrogationSection::write, "task3");
        for (JsonNode m : json("models", CHEATER, "explain/explain.json").get("methods")) {
            assertThat(d.html()).contains(Run.pct(Run.number(m.get("strokeShare"))));
        }
        JsonNode first = json("models", CHEATER, "explain/sanity.json").get("methods").get(0);
        boolean pass = first.get("verdicts").get("cascade").asBoolean();
        assertThat(d.html()).contains(String.format(Locale.ROOT, "%s %.2f", pass ? "pass" : "FAIL",
                first.get("values").get("cascade").asDouble())).contains("id=\"sanity\"");
        // The best debiased model was explained for its sanity checks: its rows are in the table.
        assertThat(d.html()).contains("<details id=\"explain-" + run.decomposed().get("background").get(1) + "\">");
    }

    @Test
    void interventionTabulatesEveryMethod() throws IOException {
        Drawn d = draw(InterventionSection::write, "task4");
        for (JsonNode m : json("debias/background", DebiasTable.JSON).get("methods")) {
            DebiasTable.Row row = Json.MAPPER.treeToValue(m, DebiasTable.Row.class);
            assertThat(d.html()).contains("<td>" + row.method() + "</td>")
                    .contains(String.format(Locale.ROOT, "%.1f", 100 * row.hardAccuracy().mean()));
        }
    }

    @Test
    void cloakShowsEachAttacksSuccessPerNorm() throws IOException {
        Drawn d = draw(CloakSection::write, "task5");
        for (JsonNode n : json("models", CHEATER, "attack/attack.json").get("norms")) {
            n.get("attacks").fields().forEachRemaining(a -> assertThat(d.html())
                    .contains(Run.pct(a.getValue().get("successRate").asDouble())));
        }
        assertThat(d.html()).contains("<details id=\"attack-" + CHEATER + "\">");
    }

    @Test
    void decompositionShowsReconstructionAndInterventions() throws IOException {
        Drawn d = draw(DecompositionSection::write, "task6");
        String stage = json("models", CHEATER, "decompose/decomposed.json").get("stage").asText();
        JsonNode metrics = json("models", CHEATER, "decompose", stage, "decompose.json").get("metrics");
        assertThat(d.html()).contains(String.format(Locale.ROOT, "%.3f",
                metrics.get("hard").get("explainedVariance").asDouble())).contains("ablate-colour");
    }
}
