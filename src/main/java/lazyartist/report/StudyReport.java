package lazyartist.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import lazyartist.data.ColoredDataset;
import lazyartist.data.DatasetStore;
import lazyartist.data.SplitManifest;
import lazyartist.io.AtomicFiles;
import lazyartist.io.Json;
import lazyartist.io.Versions;
import lazyartist.model.ModelCard;
import lazyartist.model.ModelStore;

/**
 * The study's story as one self-contained folder: {@code report/index.html} and the figures it
 * shows, every number read from this run's files.
 */
public final class StudyReport {

    public static final String INDEX = "index.html";

    /** How long a stage took, and whether this run skipped it as up to date. */
    public record StageTime(String stage, double seconds, boolean skipped) {}

    /** The tasks of the study that this version of the lab does not run yet. */
    static final List<String[]> NOT_AVAILABLE = List.<String[]>of(
            new String[] {"6", "The decomposition", "sparse autoencoders on hidden activations"});

    private StudyReport() {}

    /** Writes {@code <run>/report/} from the run's data sets and models. */
    public static void write(Path run, Object config, List<String> modes, List<String> models, List<String> debiased,
            List<StageTime> times) {
        AtomicFiles.writeFolder(run.resolve("report"), dir -> {
            Files.createDirectories(dir.resolve("img"));
            Html body = new Html();
            List<List<String>> summary = new ArrayList<>();
            summary.add(List.of("task", "what ran", "key number"));
            Html sections = new Html();
            datasetSection(run, dir, modes, sections, summary);
            cheaterSection(run, dir, models, sections, summary);
            proberSection(run, dir, models, sections, summary);
            interrogationSection(run, dir, models, sections, summary);
            interventionSection(run, dir, modes, sections, summary);
            attackSection(run, dir, models, debiased, sections, summary);
            for (String[] task : NOT_AVAILABLE) {
                summary.add(List.of(task[0] + " " + task[1], "not available in this version", "—"));
                sections.heading(2, "task" + task[0], task[0] + " · " + task[1])
                        .raw("<p class=\"na\">Not available in this version of the lab: " + Html.escape(task[2])
                                + " has not landed yet, so this run measured nothing here.</p>");
            }
            body.raw("<header><h1>Lazy Artist — the study</h1><p class=\"lede\">Neural networks are lazy artists:"
                    + " shown digits whose colour gives the answer away, they learn the colour, not the shape. This"
                    + " report follows that story on real MNIST. Every number below was measured in this run.</p>"
                    + "</header>");
            body.heading(2, "summary", "Summary").table(null, summary);
            body.raw(sections.toString());
            appendix(body, config, times);
            AtomicFiles.write(dir.resolve(INDEX), page(body.toString()).getBytes(StandardCharsets.UTF_8));
        });
    }

    private static void datasetSection(Path run, Path report, List<String> modes, Html out, List<List<String>> summary)
            throws IOException {
        out.heading(2, "task0", "0 · The biased canvas");
        for (String mode : modes) {
            Path data = run.resolve("data").resolve(mode);
            SplitManifest train = DatasetStore.manifest(data, ColoredDataset.TRAIN);
            SplitManifest val = DatasetStore.manifest(data, ColoredDataset.VAL);
            SplitManifest hard = DatasetStore.manifest(data, ColoredDataset.HARD);
            out.paragraph(String.format(Locale.ROOT, "In %s mode, %s. Of the %,d easy training digits, %s wear their"
                    + " digit's colour (asked: %s); the %,d hard digits, from MNIST's test set, follow the '%s'"
                    + " policy and %s of them wear their digit's colour. Seed %d.", mode, modeText(mode),
                    train.count(), pct(train.alignedFraction()), pct(train.bias()), hard.count(), hard.hardPolicy(),
                    pct(hard.alignedFraction()), train.seed()));
            List<List<String>> rows = new ArrayList<>();
            rows.add(List.of("split", "digits", "wear their digit's colour"));
            for (SplitManifest m : List.of(train, val, hard)) {
                rows.add(List.of(m.split(), String.format(Locale.ROOT, "%,d", m.count()), pct(m.alignedFraction())));
            }
            out.table(mode + " mode", rows);
            figure(out, report, data.resolve("contact-sheet.png"), "contact-sheet-" + mode + ".png", "One real training digit for every digit (rows) and palette colour (columns), " + mode
                    + " mode; the framed diagonal is the colour each digit wears 95% of the time.");
            summary.add(List.of("0 Dataset (" + mode + ")", String.format(Locale.ROOT, "%,d easy + %,d hard digits",
                    train.count() + val.count(), hard.count()), "aligned " + pct(train.alignedFraction()) + " easy, "
                    + pct(hard.alignedFraction()) + " hard"));
        }
    }

    private static void cheaterSection(Path run, Path report, List<String> models, Html out,
            List<List<String>> summary) throws IOException {
        out.heading(2, "task1", "1 · The cheater");
        if (models.isEmpty()) {
            out.paragraph("No network was trained in this run.");
            return;
        }
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("model", "optimiser", "epochs", "train time", "easy-val", "hard", "hard, colour agreement"));
        Html figures = new Html();
        for (String name : models) {
            Path dir = run.resolve("models").resolve(name);
            ModelCard card = Json.read(dir.resolve(ModelStore.CARD), ModelCard.class);
            JsonNode splits = Json.readTree(dir.resolve("eval").resolve(EvaluationFiles.METRICS)).get("splits");
            JsonNode config = Json.MAPPER.valueToTree(card.training().get("config"));
            double val = splits.get("val").get("accuracy").asDouble();
            double hard = splits.get("hard").get("accuracy").asDouble();
            double agreement = splits.get("hard").get("colourAgreement").asDouble();
            String schedule = config.path("schedule").asText("CONSTANT").equals("COSINE") ? ", cosine" : "";
            rows.add(List.of(name, config.get("optimiser").asText().toLowerCase(Locale.ROOT) + " lr "
                    + java.math.BigDecimal.valueOf(config.get("learningRate").asDouble()).stripTrailingZeros()
                            .toString() + schedule, card.metrics().get("epochsTrained").toString(),
                    String.format(Locale.ROOT, "%.0f s", ((Number) card.metrics().get("trainSeconds")).doubleValue()),
                    pct(val), pct(hard), pct(agreement)));
            summary.add(List.of("1 Cheater: " + name, "trained on easy, measured on hard",
                    "easy-val " + pct(val) + ", hard " + pct(hard) + ", colour agreement " + pct(agreement)));
            figures.heading(3, "model-" + name, name);
            figures.paragraph(String.format(Locale.ROOT, "%s reads %s of easy validation digits right but only %s of"
                    + " hard ones; on the hard split %s of its answers name the digit whose colour the image wears"
                    + " (chance: 10%%).", name, pct(val), pct(hard), pct(agreement)));
            for (String[] fig : new String[][] {
                    {"colour-prediction-hard.png", "Colour worn (rows) against the prediction (columns) on the hard split."},
                    {"confusion-hard.png", "True digit (rows) against the prediction (columns) on the hard split."},
                    {EvaluationFiles.PROOF, "The proof: hard digits predicted, most confidently, as the digit their"
                            + " colour belongs to."}}) {
                figure(figures, report, dir.resolve("eval").resolve(fig[0]), name + "-" + fig[0], name + ": " + fig[1]);
            }
        }
        out.paragraph("Each network is trained with plain cross-entropy on the easy split, keeps its best epoch on"
                + " easy validation, and is then measured on the hard split, where no digit wears its own colour.");
        out.table(null, rows);
        out.raw(figures.toString());
    }

    private static void proberSection(Path run, Path report, List<String> models, Html out,
            List<List<String>> summary) throws IOException {
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
            figures.heading(3, "probe-" + name, name);
            for (String[] fig : new String[][] {{"top-" + last + ".png", "top-activating hard digits of the first"
                    + " channels of " + last + ", with each channel's label and purities."},
                    {"maximise-" + last + ".png", "images maximising each channel of " + last + "."}}) {
                figure(figures, report, dir.resolve(fig[0]), name + "-" + fig[0], name + ": " + fig[1]);
            }
        }
        summary.add(List.of("2 Prober", "top-activating digits and activation maximisation",
                "colour channels: " + key));
        out.table("Channels by what their top-activating hard digits share", rows);
        out.raw(figures.toString());
    }

    private static void interrogationSection(Path run, Path report, List<String> models, Html out,
            List<List<String>> summary) throws IOException {
        out.heading(2, "task3", "3 · The interrogation");
        out.paragraph("Where does each model look? Every method below is written on autograd: the class-activation"
                + " maps cut the network at its last convolutional stage, the gradient methods differentiate the class"
                + " logit with respect to the pixels. The shortcut score is the share of positive attribution that"
                + " falls on the digit's stroke; the pointing game asks whether the map's peak lies on the stroke;"
                + " the deletion AUC follows the class probability as the most attributed pixels are painted over"
                + " with the background colour (lower is more faithful). All on the hard split, explaining the"
                + " predicted class.");
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("model", "method", "images", "stroke share", "pointing game", "deletion AUC", "empty maps"));
        Html figures = new Html();
        String keyMethod = null;
        StringBuilder key = new StringBuilder();
        for (String name : models) {
            Path dir = run.resolve("models").resolve(name).resolve("explain");
            JsonNode methods = Json.readTree(dir.resolve(ExplainFiles.JSON)).get("methods");
            for (JsonNode m : methods) {
                rows.add(List.of(name, m.get("method").asText(), m.get("count").asText(),
                        pct(m.get("strokeShare").asDouble()), pct(m.get("pointingAccuracy").asDouble()),
                        String.format(Locale.ROOT, "%.3f", m.get("deletionAuc").asDouble()), m.get("emptyMaps").asText()));
            }
            // The summary quotes one method every model has: the first gradient method.
            JsonNode chosen = null;
            for (JsonNode m : methods) {
                if (chosen == null && !m.get("method").asText().startsWith("gradcam")) {
                    chosen = m;
                }
            }
            if (chosen != null) {
                keyMethod = chosen.get("method").asText();
                key.append(key.length() == 0 ? "" : ", ").append(name).append(' ')
                        .append(pct(chosen.get("strokeShare").asDouble()));
            }
            figures.heading(3, "explain-" + name, name);
            for (JsonNode m : methods) {
                String method = m.get("method").asText();
                if (!method.equals("gradcam") && !method.equals(keyMethod)) {
                    continue;
                }
                for (String kind : new String[] {"conflicting", "aligned"}) {
                    String file = ExplainFiles.fileName(method) + "-" + kind + ".png";
                    figure(figures, report, dir.resolve(file), name + "-" + file, name + ", " + method + ": colour-"
                            + kind + " digits, their map and the overlay.");
                }
            }
        }
        if (keyMethod != null) {
            summary.add(List.of("3 Interrogation", "attribution maps on the hard split",
                    "stroke share (" + keyMethod + "): " + key));
        }
        out.table("Shortcut scores on the hard split", rows);
        out.raw(figures.toString());
    }

    private static void interventionSection(Path run, Path report, List<String> modes, Html out,
            List<List<String>> summary) throws IOException {
        out.heading(2, "task4", "4 · The intervention");
        out.paragraph("Can the shortcut be unlearned without touching the data? Every model below trains on the same"
                + " 95%-biased easy split. Bias-aware methods know the shortcut is colour: the colour-gradient penalty"
                + " and the channel-gradient loss ask the input gradient to be the same in R, G and B (double"
                + " backprop), batch-norm and colour balancing with spatial dropout change the network, and group"
                + " balancing weighs every digit-colour group of the training split the same. Learning from Failure"
                + " and Just Train Twice are bias-agnostic: the first weighs up the digits a deliberately biased twin"
                + " network finds hard, the second repeats the digits a first, short run got wrong.");
        for (String mode : modes) {
            Path dir = run.resolve("debias").resolve(mode);
            JsonNode methods = Json.readTree(dir.resolve(DebiasTable.JSON)).get("methods");
            List<DebiasTable.Row> rows = new ArrayList<>();
            for (JsonNode m : methods) {
                rows.add(Json.MAPPER.treeToValue(m, DebiasTable.Row.class));
            }
            out.table(mode + " mode, hard split", DebiasTable.text(rows));
            figure(out, report, dir.resolve(DebiasTable.CHART), "debias-" + mode + ".png", "Hard-split and easy-validation accuracy per method, " + mode + " mode.");
            StringBuilder key = new StringBuilder();
            for (boolean aware : new boolean[] {true, false}) {
                rows.stream().filter(r -> r.biasAware() == aware)
                        .max(java.util.Comparator.comparingDouble(r -> r.hardAccuracy().mean()))
                        .ifPresent(best -> key.append(key.length() == 0 ? "" : "; ").append("best ")
                                .append(aware ? "bias-aware " : "bias-agnostic ").append(best.method()).append(' ')
                                .append(pct(best.hardAccuracy().mean())).append(" hard"));
            }
            out.paragraph("In " + mode + " mode: " + key + ".");
            summary.add(List.of("4 Intervention (" + mode + ")", rows.size() + " methods, trained on the biased split",
                    key.toString()));
        }
    }

    private static void attackSection(Path run, Path report, List<String> models, List<String> debiased, Html out,
            List<List<String>> summary) throws IOException {
        out.heading(2, "task5", "5 · The invisible cloak");
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("model", "attack", "fooled (≥ confidence)", "mean p(target)", "largest change", "time"));
        Html figures = new Html();
        Map<String, Double> pgd = new LinkedHashMap<>();
        JsonNode options = null;
        List<String> attacked = new ArrayList<>(models);
        attacked.addAll(debiased);
        for (String name : attacked) {
            Path dir = run.resolve("models").resolve(name).resolve("attack");
            JsonNode json = Json.readTree(dir.resolve(AttackFiles.JSON));
            options = json.get("options");
            for (var attacks = json.get("attacks").fields(); attacks.hasNext(); ) {
                var entry = attacks.next();
                JsonNode a = entry.getValue();
                double rate = a.get("successRate").asDouble();
                rows.add(List.of(name, entry.getKey(), pct(rate),
                        String.format(Locale.ROOT, "%.3f", a.get("meanTargetConfidence").asDouble()),
                        String.format(Locale.ROOT, "%.3f", a.get("maxLinf").asDouble()),
                        String.format(Locale.ROOT, "%.1f s", a.get("seconds").asDouble())));
                if (entry.getKey().equals("pgd")) {
                    pgd.put(name, rate);
                }
            }
            if (models.contains(name)) {
                figure(figures, report, dir.resolve(AttackFiles.GRID), name + "-attack.png", name
                        + ": clean digits, the adversarial images and their perturbations (grey is no change; black"
                        + " and white are ±ε).");
            }
        }
        if (options == null) {
            out.paragraph("No network was attacked in this run.");
            return;
        }
        int from = options.get("from").asInt();
        int to = options.get("to").asInt();
        out.paragraph(String.format(Locale.ROOT, "Can a change nobody would notice turn a %d into a %d? Each network's"
                + " first %d easy-validation %ds that it reads right are attacked toward %d: every pixel may move by"
                + " at most ε = %s (of a 0–1 range), and an attack counts only if the network then says %d with at"
                + " least %.0f%% probability. FGSM takes one step along the sign of the gradient; PGD takes %d small"
                + " steps, projecting back into the budget after each. The cheaters come first, then the first seed of every"
                + " debiasing method.", from, to, options.get("images").asInt(), from, to,
                options.get("epsilon").asText(), to, 100 * options.get("confidence").asDouble(),
                options.get("steps").asInt()));
        out.table(null, rows);
        if (!pgd.isEmpty()) {
            var most = Collections.max(pgd.entrySet(), Map.Entry.comparingByValue());
            var least = Collections.min(pgd.entrySet(), Map.Entry.comparingByValue());
            out.paragraph(String.format(Locale.ROOT, "PGD fools %s most often (%s) and %s least (%s).", most.getKey(),
                    pct(most.getValue()), least.getKey(), pct(least.getValue())));
            String ran = String.format(Locale.ROOT, "%d → %d, L∞ ≤ %s, FGSM and PGD", from, to,
                    options.get("epsilon").asText());
            summary.add(List.of("5 Invisible cloak", ran, "PGD fools " + most.getKey() + " " + pct(most.getValue())
                    + ", " + least.getKey() + " " + pct(least.getValue())));
        }
        out.raw(figures.toString());
    }

    /** Copies a figure into the report's own img/ folder, so the report stands alone, and shows it. */
    private static void figure(Html html, Path report, Path png, String name, String caption) throws IOException {
        String img = "img/" + name;
        Files.copy(png, report.resolve(img));
        html.figure(img, caption);
    }

    private static void appendix(Html body, Object config, List<StageTime> times) {
        body.heading(2, "appendix", "Appendix: how this run was made");
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("stage", "time", "this run"));
        double total = 0;
        for (StageTime t : times) {
            rows.add(List.of(t.stage(), String.format(Locale.ROOT, "%.1f s", t.seconds()),
                    t.skipped() ? "skipped (up to date)" : "ran"));
            total += t.seconds();
        }
        rows.add(List.of("total", String.format(Locale.ROOT, "%.1f s", total), ""));
        body.table("Time per stage (when it ran)", rows);
        body.raw("<h3>Configuration</h3><pre>" + Html.escape(new String(Json.toBytes(config), StandardCharsets.UTF_8))
                + "</pre>");
        body.raw("<h3>Versions</h3><pre>" + Html.escape(new String(Json.toBytes(Versions.all()), StandardCharsets.UTF_8))
                + "</pre>");
    }

    private static String modeText(String mode) {
        return mode.equals("background")
                ? "the background wears the colour (a noisy texture) and the strokes are light grey"
                : "the strokes wear the colour over a dark, noisy background";
    }

    static String pct(double fraction) {
        return Double.isNaN(fraction) ? "—" : String.format(Locale.ROOT, "%.1f%%", 100 * fraction);
    }

    private static String page(String body) {
        try (var in = StudyReport.class.getResourceAsStream("report.css")) {
            String css = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Lazy Artist — study report"
                    + "</title><style>\n" + css + "</style></head><body><main>\n" + body + "</main></body></html>\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
