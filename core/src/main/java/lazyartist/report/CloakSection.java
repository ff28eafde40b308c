package lazyartist.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import lazyartist.figures.AttackCurves;
import lazyartist.figures.Png;
import lazyartist.io.Json;
import lazyartist.task.AttackFiles;

/** Section 5 · The invisible cloak: targeted attacks, how much push each model needs, universal perturbations. */
final class CloakSection {

    private CloakSection() {}

    static void write(Run r, Html out, List<List<String>> summary) throws IOException {
        out.heading(2, "task5", "5 · The invisible cloak");
        List<String> attacked = new ArrayList<>(r.models());
        attacked.addAll(r.debiased());
        Map<String, JsonNode> runs = new LinkedHashMap<>();
        for (String name : attacked) {
            runs.put(name, Json.readTree(r.model(name).resolve("attack").resolve(AttackFiles.JSON)));
        }
        if (runs.isEmpty()) {
            out.paragraph("No network was attacked in this run.");
            return;
        }
        JsonNode options = runs.values().iterator().next().get("options");
        int from = options.get("from").asInt();
        int to = options.get("to").asInt();
        String epsilon = options.get("epsilon").asText();
        JsonNode settings = options.get("settings");
        out.paragraph(String.format(Locale.ROOT, "Can a change nobody would notice turn a %d into a %d? Each network's"
                + " first %d easy-validation %ds that it reads right are attacked toward %d: every pixel may move by"
                + " at most ε = %s (of a 0–1 range), and an attack counts only if the network then says %d with at"
                + " least %.0f%% probability, judged on the adversarial image as saved (uint8, like the data set)."
                + " FGSM takes one step along the sign of the gradient; PGD takes %d small steps, projecting back"
                + " into the budget after each, from the clean image and %d random starts, descending the %s loss;"
                + " targeted DeepFool repeatedly takes the smallest L∞ step that its linearisation says reaches the"
                + " confidence. The cheaters come first, then the first seed of every debiasing method.",
                from, to, options.get("images").asInt(), from, to, epsilon, to,
                100 * settings.get("confidence").asDouble(), settings.get("steps").asInt(),
                settings.get("restarts").asInt() - 1, settings.get("loss").asText().toLowerCase(Locale.ROOT)));
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("model", "attack", "fooled (≥ confidence)", "mean p(target)", "largest change", "time"));
        Map<String, List<AttackCurves.Series>> curves = new LinkedHashMap<>();
        for (var e : runs.entrySet()) {
            for (var a : e.getValue().get("attacks")) {
                rows.add(List.of(e.getKey(), a.get("attack").asText(), Run.pct(a.get("successRate").asDouble()),
                        String.format(Locale.ROOT, "%.3f", a.get("meanTargetConfidence").asDouble()),
                        String.format(Locale.ROOT, "%.3f", a.get("maxChange").asDouble()),
                        String.format(Locale.ROOT, "%.1f s", a.get("seconds").asDouble())));
            }
            for (AttackCurves.Series s : AttackCurves.of(e.getKey(), e.getValue().get("curves"))) {
                String attack = s.name().substring(e.getKey().length() + 1);
                curves.computeIfAbsent(attack, k -> new ArrayList<>()).add(new AttackCurves.Series(e.getKey(),
                        s.epsilons(), s.success()));
            }
        }
        out.table("Attacks at ε = " + epsilon, rows);
        for (var c : curves.entrySet()) {
            String file = "curves-" + c.getKey() + ".png";
            Png.write(r.report().resolve("img").resolve(file), AttackCurves.draw(String.format(Locale.ROOT,
                    "%s: %d → %d fooled, by budget", c.getKey(), from, to), c.getValue()));
            out.figure("img/" + file, c.getKey() + ": the share of " + from + "s each model reads as " + to
                    + " at each budget (log scale).");
        }
        pushTable(r, runs, out, summary, from, to);
        universal(r, runs, out, from, to);
        for (String name : r.models()) {
            Path dir = r.model(name).resolve("attack");
            if (!runs.get(name).get("matrix").isNull()) {
                Run.figure(out, r.report(), dir.resolve(AttackFiles.MATRIX), name + "-matrix.png", name
                        + ": the share of each digit's validation images fooled toward each other digit at ε = "
                        + epsilon + ".");
            }
            Run.figure(out, r.report(), dir.resolve(AttackFiles.GRID), name + "-attack.png", name
                    + ": clean digits, the adversarial images and their perturbations (grey is no change; black"
                    + " and white are ±ε).");
        }
    }

    /** The minimal ε per model, and which needs more push: the shortcut cheaters or the debiased models. */
    private static void pushTable(Run r, Map<String, JsonNode> runs, Html out, List<List<String>> summary, int from,
            int to) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("model", "attack", "lower quartile", "median", "upper quartile", "not fooled at the largest ε"));
        Map<String, Double> medians = new LinkedHashMap<>();
        for (var e : runs.entrySet()) {
            JsonNode m = e.getValue().get("minimalEpsilon");
            if (m == null || m.isNull()) {
                continue;
            }
            double max = m.get("max").asDouble();
            rows.add(List.of(e.getKey(), m.get("attack").asText(), epsilon(m.get("lowerQuartile"), max),
                    epsilon(m.get("median"), max), epsilon(m.get("upperQuartile"), max),
                    m.get("notFooled").asInt() + " of " + m.get("perImage").size()));
            double median = Run.number(m.get("median"));
            medians.put(e.getKey(), Double.isNaN(median) ? Double.POSITIVE_INFINITY : median);
        }
        if (medians.isEmpty()) {
            return;
        }
        out.paragraph("How much push does each model need? For every attacked image, the smallest budget at which the"
                + " strongest attack fools it, found by bisection (quartiles over the images; an image no budget"
                + " fools counts as needing more than the largest).");
        out.table("Minimal ε, " + from + " → " + to, rows);
        List<String> cheaters = r.decomposed().values().stream().map(l -> l.get(0)).filter(medians::containsKey)
                .toList();
        List<Double> debiased = r.debiased().stream().filter(medians::containsKey).map(medians::get).sorted().toList();
        if (!cheaters.isEmpty() && !debiased.isEmpty()) {
            double typical = debiased.get(debiased.size() / 2);
            StringBuilder text = new StringBuilder();
            for (String c : cheaters) {
                double m = medians.get(c);
                text.append(String.format(Locale.ROOT, "%s needs a median ε of %s against %s for the middle"
                        + " debiased model (%s as much). ", c, Double.isInfinite(m) ? "more than the largest budget"
                        : String.format(Locale.ROOT, "%.4f", m), String.format(Locale.ROOT, "%.4f", typical),
                        Double.isInfinite(m) ? "more than " + String.format(Locale.ROOT, "%.1f×",
                                0.3 / typical) : String.format(Locale.ROOT, "%.1f×", m / typical)));
            }
            text.append("The colour reader must be pushed toward another colour over most of the image; the shape"
                    + " readers are moved by a faint stroke-shaped pattern.");
            out.paragraph(text.toString());
            summary.add(List.of("5 Invisible cloak", from + " → " + to + ", FGSM, PGD, DeepFool; minimal ε",
                    text.substring(0, text.indexOf(". ") + 1)));
        }
    }

    private static void universal(Run r, Map<String, JsonNode> runs, Html out, int from, int to) throws IOException {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("model", "ε", "held-out " + from + "s fooled", "fitted on", "time"));
        for (var e : runs.entrySet()) {
            for (JsonNode u : e.getValue().get("universal")) {
                rows.add(List.of(e.getKey(), u.get("epsilon").asText(), Run.pct(u.get("heldOutSuccess").asDouble())
                        + " of " + u.get("heldOutImages").asInt(), u.get("fitImages").asInt() + " training " + from
                        + "s", String.format(Locale.ROOT, "%.1f s", u.get("seconds").asDouble())));
            }
        }
        if (rows.size() == 1) {
            return;
        }
        out.paragraph("One pattern for every " + from + ": a universal perturbation, fitted by PGD on the training"
                + " split's " + from + "s and scored on the validation " + from + "s it never saw.");
        out.table("Universal perturbations, " + from + " → " + to, rows);
        for (String name : r.models()) {
            Path png = r.model(name).resolve("attack").resolve(AttackFiles.UNIVERSAL);
            if (java.nio.file.Files.isRegularFile(png) && r.decomposed().values().stream()
                    .anyMatch(l -> l.get(0).equals(name))) {
                Run.figure(out, r.report(), png, name + "-universal.png", name
                        + ": the universal perturbations, stretched so that ±ε is black and white.");
            }
        }
    }

    private static String epsilon(JsonNode value, double max) {
        double v = Run.number(value);
        return Double.isNaN(v) ? "> " + max : String.format(Locale.ROOT, "%.4f", v);
    }
}
