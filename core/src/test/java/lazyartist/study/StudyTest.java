package lazyartist.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import lazyartist.LabException;
import lazyartist.TestData;
import lazyartist.io.Json;
import lazyartist.io.Npy;
import lazyartist.model.Safetensors;
import lazyartist.task.DebiasTable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The quick study on the test subset: the smoke run CI makes of the main command. */
class StudyTest {

    static Path run;

    private static Path report;
    private static double firstRunSeconds;

    @BeforeAll
    static void runQuickStudy() {
        run = lazyartist.QuickStudy.folder();
        report = lazyartist.QuickStudy.report();
        firstRunSeconds = lazyartist.QuickStudy.firstRunSeconds();
    }

    /** Every JSON the study wrote parses with Jackson's default (strict) parser and holds no "NaN" or "Infinity". */
    @Test
    void everyJsonHoldsNumbersOrNullNeverNaN() throws IOException {
        com.fasterxml.jackson.databind.ObjectMapper strict = new com.fasterxml.jackson.databind.ObjectMapper();
        java.util.List<Path> files;
        try (var walk = Files.walk(run)) {
            files = walk.filter(f -> f.toString().endsWith(".json")).toList();
        }
        assertThat(files).hasSizeGreaterThan(30);
        for (Path file : files) {
            java.util.List<String> bad = new java.util.ArrayList<>();
            collectNonFinite(strict.readTree(file.toFile()), "$", bad);
            assertThat(bad).as(run.relativize(file).toString()).isEmpty();
        }
    }

    private static void collectNonFinite(JsonNode node, String path, java.util.List<String> bad) {
        if (node.isTextual() && Set.of("NaN", "Infinity", "-Infinity").contains(node.asText())) {
            bad.add(path);
        } else if (node.isNumber() && !Double.isFinite(node.asDouble())) {
            bad.add(path);
        }
        node.fields().forEachRemaining(e -> collectNonFinite(e.getValue(), path + "." + e.getKey(), bad));
        for (int i = 0; node.isArray() && i < node.size(); i++) {
            collectNonFinite(node.get(i), path + "[" + i + "]", bad);
        }
    }

    @Test
    void reportShowsEveryLandedTaskWithThisRunsNumbers() throws IOException {
        String html = Files.readString(report);
        JsonNode lazy = Json.readTree(run.resolve("models/lazy-background/eval/metrics.json")).get("splits");
        String hard = String.format(java.util.Locale.ROOT, "%.1f%%", 100 * lazy.get("hard").get("accuracy").asDouble());
        assertThat(html).contains("0 · The biased canvas").contains("1 · The cheater")
                .contains("lazy-background").contains("robust-background").contains("hard " + hard)
                .contains("2 · The prober").contains("3 · The interrogation").contains("Can we trust these maps?").contains("4 · The intervention").contains("best bias-agnostic jtt")
                .contains("5 · The invisible cloak").contains("Minimal ε").contains("Universal perturbations")
                .contains("6 · The decomposition").contains("colour features. Zeroing them moves its hard accuracy")
                .doesNotContain("Not available in this version")
                .contains("./lazy-artist lab --run " + run);
        // Self-contained: every image the page shows lives in the report folder, nothing is fetched.
        assertThat(html).doesNotContain("http://").doesNotContain("https://");
        java.util.regex.Matcher img = java.util.regex.Pattern.compile("src=\"([^\"]+)\"").matcher(html);
        int images = 0;
        while (img.find()) {
            assertThat(report.getParent().resolve(img.group(1))).isRegularFile();
            images++;
        }
        // Contact sheet; per model 3 evaluation, 2 probe figures, 2 methods × 2 explanation grids and an attack
        // grid; the shortcut cheater's matrix and universal perturbation; the debias chart; a curve per attack;
        // colour and shape dashboards, the feature density chart and the frontier of the two models decomposed; the sanity
        // cascade curves of the two headline models, the cheater's randomisation grid and the best debiased
        // model's 2 × 2 explanation grids.
        assertThat(images).isEqualTo(1 + 2 * (3 + 2 + 4 + 1) + 2 + 1 + 3 + 2 * 4 + 2 + 1 + 4);
    }

    @Test
    void theCheaterIsMeasuredOnBothSplits() {
        JsonNode splits = Json.readTree(run.resolve("models/lazy-background/eval/metrics.json")).get("splits");
        assertThat(splits.get("hard").get("alignedCount").asInt()).isZero();
        assertThat(splits.get("val").get("accuracy").asDouble()).isGreaterThan(splits.get("hard").get("accuracy").asDouble());
        assertThat(firstRunSeconds).isPositive();
    }

    @Test
    void rerunSkipsEveryStageAndForceRerunsOne() throws IOException {
        long before = Files.getLastModifiedTime(run.resolve("models/lazy-background/model.params")).toMillis();
        new Study(StudyConfig.quick(), run, () -> {
            throw new AssertionError("a rerun with nothing to do must not need MNIST");
        }, Set.of(), true).run();
        assertThat(Files.getLastModifiedTime(run.resolve("models/lazy-background/model.params")).toMillis())
                .isEqualTo(before);
        new Study(StudyConfig.quick(), run, TestData::mnist, Set.of("evaluate"), true).run();
        assertThat(Files.getLastModifiedTime(run.resolve("models/lazy-background/model.params")).toMillis())
                .isEqualTo(before);
        assertThat(Json.readTree(run.resolve("stages/evaluate-lazy-background.json")).get("seconds").asDouble())
                .isPositive();
    }

    @Test
    void theInterrogationScoresEveryMethodOnTheHardSplit() {
        JsonNode explain = Json.readTree(run.resolve("models/robust-background/explain/explain.json"));
        assertThat(explain.get("split").asText()).isEqualTo("hard");
        assertThat(explain.get("layer").asText()).isEqualTo("relu3");
        assertThat(explain.get("methods")).hasSize(3);
        for (JsonNode m : explain.get("methods")) {
            assertThat(m.get("count").asInt()).isEqualTo(100);
            assertThat(m.get("pointingAccuracy").asDouble()).isBetween(0.0, 1.0);
            assertThat(m.get("deletionCurve")).hasSize(11);
        }
        assertThat(run.resolve("models/lazy-background/explain/maps-gradcam.npy")).isRegularFile();
    }

    @Test
    void theInterventionTableHasEveryMethodOfTheConfig() {
        JsonNode table = Json.readTree(run.resolve("debias/background/debias.json"));
        assertThat(table.get("methods")).hasSize(3);
        for (JsonNode m : table.get("methods")) {
            assertThat(m.get("hardAccuracy").get("mean").asDouble()).isBetween(0.0, 1.0);
            assertThat(m.get("seeds").asInt()).isEqualTo(1);
        }
        assertThat(run.resolve("debias/background/debias.csv")).isRegularFile();
        assertThat(run.resolve("models/debias-jtt-s42-background-first/model.json")).isRegularFile();
    }

    /**
     * Every model is attacked within its budgets; the shortcut cheater and the best debiased model get the
     * suite in both norms, the others FGSM, PGD and DeepFool in L∞.
     */
    @Test
    void everyCheaterAndDebiasedModelIsAttackedWithinTheBudget() {
        String best = "debias-" + DebiasTable.best(run.resolve("debias/background/debias.json")).orElseThrow()
                + "-s42-background";
        List<String> models = List.of("lazy-background", "robust-background", "debias-jtt-s42-background",
                "debias-penalty-s42-background", "debias-batchnorm-s42-background");
        for (String model : models) {
            boolean headline = model.equals("lazy-background") || model.equals(best);
            int images = headline ? 10 : 20;
            JsonNode attack = Json.readTree(run.resolve("models/" + model + "/attack/attack.json"));
            assertThat(attack.get("attacked")).as(model).hasSize(images);
            assertThat(attack.get("norms")).hasSize(headline ? 2 : 1);
            for (JsonNode norm : attack.get("norms")) {
                String key = norm.get("norm").asText();
                double epsilon = norm.get("epsilon").asDouble();
                List<String> methods = new java.util.ArrayList<>(headline ? List.of("pgd", "deepfool", "apgd-ce",
                        "apgd-dlr", "square", "suite") : List.of("pgd", "deepfool"));
                if (key.equals("linf")) {
                    methods.add("fgsm");
                }
                assertThat(iterable(norm.get("attacks").fieldNames())).containsExactlyInAnyOrderElementsOf(methods);
                for (String method : methods) {
                    JsonNode a = norm.get("attacks").get(method);
                    assertThat(a.get("maxChange").asDouble()).as("%s %s %s", model, key, method).isLessThanOrEqualTo(
                            key.equals("linf") ? Math.round(epsilon * 255) / 255.0 + 1e-9 : epsilon + 1e-9);
                    assertThat(a.get("successRate").asDouble()).isBetween(0.0, 1.0);
                    assertThat(a.get("predicted")).hasSize(images);
                    Npy.Array saved = Npy.read(run.resolve("models/" + model + "/attack/adversarial-" + method + "-"
                            + key + ".npy"));
                    assertThat(saved.shape()).containsExactly(images, 28, 28, 3);
                }
                // Square runs in the suite only, on what APGD left: no curve of its own.
                assertThat(norm.get("curves")).hasSize((methods.size() - (headline ? 1 : 0)) * 2);
                assertThat(norm.get("minimalEpsilon").get("perImage")).hasSize(images);
                if (headline) {
                    // The suite fools every image one of its attacks fooled, and no other.
                    for (int i = 0; i < images; i++) {
                        boolean any = false;
                        for (String part : List.of("apgd-ce", "apgd-dlr", "square")) {
                            any |= norm.get("attacks").get(part).get("fooled").get(i).asBoolean();
                        }
                        assertThat(norm.get("attacks").get("suite").get("fooled").get(i).asBoolean()).isEqualTo(any);
                    }
                    int left = 0;
                    for (int i = 0; i < images; i++) {
                        boolean white = norm.get("attacks").get("apgd-ce").get("fooled").get(i).asBoolean()
                                || norm.get("attacks").get("apgd-dlr").get("fooled").get(i).asBoolean();
                        left += white ? 0 : 1;
                        assertThat(norm.get("attacks").get("square").get("attacked").isNull()
                                || norm.get("attacks").get("square").get("attacked").get(i).asBoolean() == !white)
                                .as("square ran on image %d only if APGD left it", i).isTrue();
                    }
                    assertThat(norm.get("attacks").get("square").get("images").asInt()).isEqualTo(left);
                    assertThat(norm.get("minimalEpsilon").get("attack").asText()).startsWith(
                            norm.get("minimalEpsilon").get("attack").asText().equals("suite") ? "suite" : "apgd-ce");
                    assertThat(norm.get("robustAccuracy").get("images").asInt()).isEqualTo(10);
                } else {
                    assertThat(norm.get("robustAccuracy").isNull()).isTrue();
                }
            }
            assertThat(attack.get("flags").isArray()).isTrue();
            assertThat(Npy.read(run.resolve("models/" + model + "/attack/indices.npy")).asLongs()).hasSize(images);
            assertThat(attack.get("universal").get(0).get("heldOutImages").asInt()).isPositive();
            assertThat(attack.get("matrix").isNull()).isEqualTo(!model.equals("lazy-background"));
        }
        assertThat(Npy.read(run.resolve("models/lazy-background/attack/universal-0.1.npy")).shape())
                .containsExactly(28, 28, 3);
    }

    private static List<String> iterable(java.util.Iterator<String> names) {
        List<String> out = new java.util.ArrayList<>();
        names.forEachRemaining(out::add);
        return out;
    }

    /** The headline models' map methods are sanity-checked, with a verdict for every test that ran. */
    @Test
    void theShortcutCheaterAndTheBestDebiasedModelAreSanityChecked() {
        String best = DebiasTable.best(run.resolve("debias/background/debias.json")).orElseThrow();
        for (String model : new String[] {"lazy-background", "debias-" + best + "-s42-background"}) {
            JsonNode sanity = Json.readTree(run.resolve("models/" + model + "/explain/sanity.json"));
            assertThat(sanity.get("images").asInt()).isEqualTo(20);
            assertThat(sanity.get("labelsEpochs").asInt()).isBetween(1, 5);
            assertThat(sanity.get("methods")).hasSize(3);
            for (JsonNode m : sanity.get("methods")) {
                assertThat(m.get("cascade")).hasSize(sanity.get("groups").size());
                for (String test : List.of("cascade", "independent", "labels", "random-logit")) {
                    assertThat(m.get("verdicts").has(test)).as("%s %s", model, test).isTrue();
                }
            }
            assertThat(run.resolve("models/" + model + "/explain/sanity-curves.png")).isRegularFile();
            assertThat(run.resolve("models/" + model + "/explain/sanity.csv")).isRegularFile();
        }
    }

    @Test
    void theShortcutCheaterAndTheBestDebiasedModelAreDecomposed() {
        String best = DebiasTable.best(run.resolve("debias/background/debias.json")).orElseThrow();
        for (String model : new String[] {"lazy-background", "debias-" + best + "-s42-background"}) {
            Path dir = run.resolve("models/" + model + "/decompose/relu3");
            JsonNode header = Safetensors.readHeader(dir.resolve("sae.safetensors"));
            JsonNode cfg = Json.readTree(dir.resolve("cfg.json"));
            int dIn = cfg.get("d_in").asInt();
            int dSae = cfg.get("d_sae").asInt();
            assertThat(dSae).isEqualTo(2 * dIn);
            assertThat(header.get("W_enc").get("shape").toString()).isEqualTo("[" + dIn + "," + dSae + "]");
            assertThat(header.get("W_dec").get("shape").toString()).isEqualTo("[" + dSae + "," + dIn + "]");
            JsonNode d = Json.readTree(dir.resolve("decompose.json"));
            JsonNode val = d.get("metrics").get("val");
            assertThat(cfg.get("kind").asText()).isEqualTo("batchtopk");
            assertThat(cfg.get("k").asInt()).isEqualTo(16);
            // BatchTopK keeps k per token on average, through a threshold estimated in two short epochs here.
            assertThat(val.get("l0").asDouble()).isBetween(8.0, 32.0);
            assertThat(val.get("explainedVariance").asDouble()).isBetween(0.0, 1.0);
            assertThat(Json.readTree(dir.resolve("features.json"))).hasSize(dSae);
            JsonNode none = d.get("interventions").get(0);
            assertThat(none.get("name").asText()).isEqualTo("none");
            assertThat(none.get("valAccuracy").asDouble()).isEqualTo(val.get("accuracy").asDouble());
            // The quick study's frontier: BatchTopK at k 8 and 16, the larger the closer. (Two short epochs leave
            // the inference threshold behind, so L0 need not follow k yet.)
            JsonNode points = Json.readTree(dir.resolve("frontier.json")).get("points");
            assertThat(points).hasSize(2);
            assertThat(points.get(0).get("kind").asText()).isEqualTo("batchtopk");
            assertThat(points.get(0).get("value").asDouble()).isEqualTo(8.0);
            assertThat(points.get(1).get("value").asDouble()).isEqualTo(16.0);
            assertThat(points.get(1).get("explainedVariance").asDouble())
                    .isGreaterThan(points.get(0).get("explainedVariance").asDouble());
        }
        assertThat(Json.readTree(run.resolve("models/lazy-background/decompose/relu3/cfg.json")).get("tokens")
                .asText()).isEqualTo("image");
        assertThat(Json.readTree(run.resolve("models/debias-" + best + "-s42-background/decompose/relu3/cfg.json"))
                .get("tokens").asText()).as("the quick study's debiased networks are RobustCNNs: 6,272 values at relu3")
                .isEqualTo("position");
    }

    @Test
    void theProberLabelsEveryChannelOfEveryFeatureMapStage() {
        JsonNode stages = Json.readTree(run.resolve("models/lazy-background/probe/probe.json")).get("stages");
        assertThat(stages).hasSize(3);
        JsonNode relu3 = stages.get(2);
        assertThat(relu3.get("stage").asText()).isEqualTo("relu3");
        assertThat(relu3.get("channels")).hasSize(16);
        JsonNode counts = relu3.get("counts");
        assertThat(counts.get("colour").asInt() + counts.get("shape").asInt() + counts.get("mixed").asInt()).isEqualTo(16);
        assertThat(run.resolve("models/robust-background/probe/maximise-relu3.png")).isRegularFile();
    }

    @Test
    void unknownForcedStageIsRejected() {
        assertThatThrownBy(() -> new Study(StudyConfig.quick(), run, TestData::mnist, Set.of("everything"), true))
                .isInstanceOf(LabException.class).hasMessageContaining("dataset, train, evaluate, probe, explain, attack, debias, sanity, decompose, report");
    }

    @Test
    void aLockedFolderRefusesASecondStudy() {
        try (StudyLock held = StudyLock.acquire(run)) {
            assertThatThrownBy(() -> new Study(StudyConfig.quick(), run, TestData::mnist, Set.of(), true).run())
                    .isInstanceOf(LabException.class).hasMessageContaining("already running in")
                    .hasMessageContaining("process " + ProcessHandle.current().pid());
        }
    }

    /** The first Python that imports PyTorch, or null. */
    private static String pythonWithTorch() throws InterruptedException {
        for (String python : List.of("/usr/bin/python3", "python3")) {
            try {
                Process p = new ProcessBuilder(python, "-c", "import torch, numpy").redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                if (p.waitFor() == 0) {
                    return python;
                }
            } catch (IOException e) {
                // Not installed: try the next.
            }
        }
        return null;
    }

    @Test
    void theReadmesPythonReadsTheRunAsTheLabDoes() throws Exception {
        String python = pythonWithTorch();
        org.junit.jupiter.api.Assumptions.assumeTrue(python != null,
                "skipped: no Python with PyTorch here (Debian: apt-get install python3-torch)");
        String readme = Files.readString(Path.of("../README.md"));
        java.util.regex.Matcher block = java.util.regex.Pattern.compile("```python\n(.*?)```", java.util.regex.Pattern.DOTALL)
                .matcher(readme);
        StringBuilder script = new StringBuilder();
        while (block.find()) {
            script.append(block.group(1)).append('\n');
        }
        Process p = new ProcessBuilder(python, "-c", script.toString().replace("runs/study", run.toString()))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        JsonNode hard = Json.readTree(run.resolve("models/lazy-background/eval/metrics.json")).get("splits").get("hard");
        java.util.regex.Matcher accuracy = java.util.regex.Pattern.compile("hard accuracy ([0-9.]+)").matcher(out);
        assertThat(accuracy.find()).as(out).isTrue();
        // Two engines may round a borderline digit apart: allow two digits of the split.
        assertThat(Double.parseDouble(accuracy.group(1))).isCloseTo(hard.get("accuracy").asDouble(),
                org.assertj.core.api.Assertions.within(2.0 / hard.get("count").asInt()));
        JsonNode sae = Json.readTree(run.resolve("models/lazy-background/decompose/relu3/decompose.json"))
                .get("metrics").get("hard");
        java.util.regex.Matcher measures = java.util.regex.Pattern.compile("L0 ([0-9.]+) explained variance ([0-9.-]+)")
                .matcher(out);
        assertThat(measures.find()).as(out).isTrue();
        assertThat(Double.parseDouble(measures.group(1))).isCloseTo(sae.get("l0").asDouble(),
                org.assertj.core.api.Assertions.within(0.01));
        assertThat(Double.parseDouble(measures.group(2))).isCloseTo(sae.get("explainedVariance").asDouble(),
                org.assertj.core.api.Assertions.within(1e-3));
    }

    @Test
    void theReportNavigatesAndEveryImageLoadsInABrowser() throws Exception {
        org.openqa.selenium.chrome.ChromeDriver browser = lazyartist.Chromium.start(1280, 900);
        try {
            browser.get(report.toUri().toString());
            org.openqa.selenium.JavascriptExecutor js = browser;
            List<String> links = browser.findElements(org.openqa.selenium.By.cssSelector("#contents a")).stream()
                    .map(a -> a.getDomAttribute("href")).toList();
            // Every section, the sanity table, and per-model details of at least four sections.
            assertThat(links).contains("#summary", "#task0", "#task3", "#task5", "#sanity", "#appendix",
                    "#model-lazy-background", "#explain-lazy-background", "#attack-lazy-background");
            for (String link : links) {
                browser.get(report.toUri() + link);
                Object shown = js.executeScript("var e = document.getElementById(arguments[0]);"
                        + " if (!e) return 'missing'; var r = e.getBoundingClientRect();"
                        + " return r.height > 0 && r.top < innerHeight && r.bottom > 0 ? 'shown' : 'hidden';",
                        link.substring(1));
                assertThat(shown).as(link).isEqualTo("shown");
            }
            // Rows of the summary link into their sections.
            assertThat(browser.findElements(org.openqa.selenium.By.cssSelector("#summary + table a[href^='#']")))
                    .hasSizeGreaterThan(6);
            Object broken = js.executeScript("return Array.from(document.images).filter(i => !i.complete"
                    + " || i.naturalWidth === 0).map(i => i.getAttribute('src'));");
            assertThat((List<?>) broken).isEmpty();
            assertThat(((Number) js.executeScript("return document.images.length;")).intValue()).isGreaterThan(30);
            browser.get(report.toUri().toString());
            Path shots = Files.createDirectories(Path.of("target", "report-screenshots"));
            Files.write(shots.resolve("first-screen.png"),
                    browser.getScreenshotAs(org.openqa.selenium.OutputType.BYTES));
            assertThat(browser.findElement(org.openqa.selenium.By.id("contents")).isDisplayed()).isTrue();
        } finally {
            browser.quit();
        }
    }

    @Test
    void thePlanNamesEveryStageTheStudyRan() throws IOException {
        List<String> ran;
        try (var files = Files.list(run.resolve("stages"))) {
            ran = files.map(f -> f.getFileName().toString().replaceAll("\\.json$", "")).toList();
        }
        List<Estimate.Stage> plan = StudyPlan.stages(StudyConfig.quick(),
                new lazyartist.task.RunLayout(run));
        assertThat(plan.stream().map(Estimate.Stage::name).toList()).doesNotContainNull()
                .containsExactlyInAnyOrderElementsOf(ran);
    }
}
