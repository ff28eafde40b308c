package lazyartist.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
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
import lazyartist.task.AttackTask;

/**
 * Section 5 · The invisible cloak: targeted attacks in L∞ and L2, the reliable suite, how much push
 * each model needs, robust accuracy, the masking flags, universal perturbations.
 */
final class CloakSection {

    static final String SUITE = "suite";

    private CloakSection() {}

    static void write(Run r, Html out, List<List<String>> summary) throws IOException {
        out.heading(2, "task5", "5 · The invisible cloak");
        List<String> attacked = new ArrayList<>(r.models());
        attacked.addAll(r.debiased());
        Map<String, JsonNode> runs = new LinkedHashMap<>();
        for (String name : attacked) {
            runs.put(name, Json.readTree(r.model(name).resolve(AttackTask.FOLDER).resolve(AttackFiles.JSON)));
        }
        if (runs.isEmpty()) {
            out.paragraph("No network was attacked in this run.");
            return;
        }
        JsonNode first = runs.values().iterator().next();
        JsonNode options = first.get("options");
        int from = options.get("from").asInt();
        int to = options.get("to").asInt();
        JsonNode settings = options.get("settings");
        out.paragraph(String.format(Locale.ROOT, "Can a change nobody would notice turn a %d into a %d? Each network's"
                + " first %d easy-validation %ds that it reads right are attacked toward %d, within a budget ε: in L∞"
                + " every value may move by at most %s (of a 0–1 range); in L2 the whole change, over the image's"
                + " 2,352 values, may be at most %s long. An attack counts only if the network then says %d with at"
                + " least %.0f%% probability, judged on the adversarial image as saved (uint8, like the data set)."
                + " FGSM takes one step along the gradient's sign; PGD takes %d projected steps; targeted DeepFool"
                + " takes the smallest step its linearisation asks for; APGD (Croce and Hein, 2020) adds momentum and"
                + " halves its step where the loss stalls, with the cross-entropy or the scale-free DLR loss; the"
                + " Square Attack reads only the network's probabilities — never a gradient — and tries up to %,d"
                + " random square changes per image. The reliable suite runs APGD-CE, then APGD-DLR, then Square on"
                + " what is left, and counts an image as fooled by the first that succeeds. The cheaters come first,"
                + " then the first seed of every debiasing method.", from, to, options.get("images").asInt(), from, to,
                options.get("epsilon").asText(), options.get("l2Epsilon").asText(), to,
                100 * settings.get("confidence").asDouble(), settings.get("steps").asInt(),
                settings.get("queries").asInt()));
        List<String> norms = new ArrayList<>();
        for (JsonNode run : runs.values()) {
            run.get("norms").forEach(n -> {
                if (!norms.contains(n.get("norm").asText())) {
                    norms.add(n.get("norm").asText());
                }
            });
        }
        for (String norm : norms) {
            successTable(runs, norm, out);
            curves(r, runs, norm, from, to, out);
        }
        PushTables.push(r, runs, norms, out, summary, from, to);
        PushTables.robust(runs, norms, out);
        flags(runs, out);
        universal(r, runs, out, from, to);
        for (String name : r.models()) {
            Path dir = r.model(name).resolve(AttackTask.FOLDER);
            out.openDetails("attack-" + name, name);
            if (!runs.get(name).get("matrix").isNull()) {
                Run.figure(out, r.report(), dir.resolve(AttackFiles.MATRIX), name + "-matrix.png", name
                        + ": the share of each digit's validation images fooled toward each other digit at ε = "
                        + options.get("epsilon").asText() + " (L∞), by " + runs.get(name).get("matrixAttack").asText()
                        + ": dark cells are easy disguises; a colour reader's pattern follows the palette, not the"
                        + " digits' shapes.");
            }
            for (JsonNode n : runs.get(name).get("norms")) {
                String norm = n.get("norm").asText();
                Run.figure(out, r.report(), dir.resolve(AttackFiles.grid(norm)), name + "-attack-" + norm + ".png",
                        name + " (" + symbol(norm) + "): clean digits, the adversarial images and their changes (grey"
                        + " is no change): look where the change goes — over the background for a colour reader, along"
                        + " the strokes for a shape reader.");
            }
            out.closeDetails();
        }
    }

    /** Per model, each attack's and the suite's success at ε in one norm. */
    private static void successTable(Map<String, JsonNode> runs, String norm, Html out) {
        List<String> attacks = new ArrayList<>();
        String epsilon = null;
        for (JsonNode run : runs.values()) {
            JsonNode n = in(run, norm);
            if (n != null) {
                epsilon = n.get("epsilon").asText();
                n.get("attacks").fieldNames().forEachRemaining(a -> {
                    if (!attacks.contains(a)) {
                        attacks.add(a);
                    }
                });
            }
        }
        List<List<String>> rows = new ArrayList<>();
        List<String> header = new ArrayList<>(List.of("model"));
        header.addAll(attacks);
        rows.add(header);
        for (var e : runs.entrySet()) {
            JsonNode n = in(e.getValue(), norm);
            if (n == null) {
                continue;
            }
            List<String> row = new ArrayList<>(List.of(e.getKey()));
            for (String a : attacks) {
                JsonNode o = n.get("attacks").get(a);
                row.add(o == null ? "—" : Run.pct(o.get("successRate").asDouble()) + left(o, e.getValue()));
            }
            rows.add(row);
        }
        out.table("Fooled at " + symbol(norm) + " ε = " + epsilon + " (share of the attacked images; a suite's later"
                + " attack, of the images its earlier ones left)", rows);
    }

    /** " of N left" for an attack that ran only on what the suite's earlier attacks left, else nothing. */
    static String left(JsonNode outcome, JsonNode run) {
        JsonNode images = outcome.get("images");
        return images == null || images.asInt() == run.get("attacked").size() ? ""
                : " of " + images.asInt() + " left";
    }

    /** One chart per attack and the suite, every model a line, in one norm. */
    private static void curves(Run r, Map<String, JsonNode> runs, String norm, int from, int to, Html out)
            throws IOException {
        Map<String, List<AttackCurves.Series>> curves = new LinkedHashMap<>();
        List<String> whiteBox = new ArrayList<>();
        for (var e : runs.entrySet()) {
            JsonNode n = in(e.getValue(), norm);
            if (n == null) {
                continue;
            }
            JsonNode ran = n.get("curveSuite");
            if (ran != null && ran.size() > 0 && !ran.toString().contains("square")) {
                whiteBox.add(e.getKey());
            }
            for (AttackCurves.Series s : AttackCurves.of(e.getKey(), n.get("curves"))) {
                String attack = s.name().substring(e.getKey().length() + 1);
                curves.computeIfAbsent(attack, k -> new ArrayList<>()).add(new AttackCurves.Series(e.getKey(),
                        s.epsilons(), s.success()));
            }
        }
        for (var c : curves.entrySet()) {
            if (!c.getKey().equals(SUITE) && curves.containsKey(SUITE)) {
                continue;
            }
            String file = "curves-" + c.getKey() + "-" + norm + ".png";
            Png.write(r.report().resolve("img").resolve(file), AttackCurves.draw(String.format(Locale.ROOT,
                    "%s: %d → %d fooled, by %s budget", c.getKey(), from, to, symbol(norm)), symbol(norm),
                    c.getValue()));
            String note = c.getKey().equals(SUITE) && !whiteBox.isEmpty() ? " Square fooled nothing the gradient"
                    + " attacks left at ε on " + String.join(", ", whiteBox) + ": there the curve runs APGD-CE and"
                    + " APGD-DLR alone." : "";
            out.figure("img/" + file, c.getKey() + " (" + symbol(norm) + "): the share of " + from + "s each model"
                    + " reads as " + to + " at each budget of the grid (evenly apart)." + note);
        }
    }

    /** Every masking flag raised, with its model and images. */
    private static void flags(Map<String, JsonNode> runs, Html out) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("model", "flag", "norm", "what was seen", "images (indices in the split)"));
        for (var e : runs.entrySet()) {
            for (JsonNode f : e.getValue().get("flags")) {
                List<String> images = new ArrayList<>();
                f.get("images").forEach(i -> images.add(i.asText()));
                rows.add(List.of(e.getKey(), f.get("name").asText(), f.get("norm").isNull() ? "—"
                        : symbol(f.get("norm").asText()), f.get("description").asText(), images.size() > 10
                        ? String.join(", ", images.subList(0, 10)) + ", …" : String.join(", ", images)));
            }
        }
        out.paragraph("Gradient masking makes weak attacks fail on models that are not robust at all. The flags, as"
                + " AutoAttack's checks: images whose input gradient is exactly zero; images the black-box Square"
                + " Attack fools that no gradient attack fooled at the same ε; verdicts that change when the images"
                + " are judged under another engine seed; success that falls as ε grows. "
                + (rows.size() == 1 ? "No model raised any flag." : (rows.size() - 1) + " flags were raised:"));
        if (rows.size() > 1) {
            out.table("Masking flags raised", rows);
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
        out.paragraph("One pattern for every " + from + ": a universal perturbation (L∞), fitted by PGD on the training"
                + " split's " + from + "s and scored on the validation " + from + "s it never saw.");
        out.table("Universal perturbations, " + from + " → " + to, rows);
        for (String name : r.models()) {
            Path png = r.model(name).resolve(AttackTask.FOLDER).resolve(AttackFiles.UNIVERSAL);
            if (Files.isRegularFile(png) && r.decomposed().values().stream().anyMatch(l -> l.get(0).equals(name))) {
                Run.figure(out, r.report(), png, name + "-universal.png", name
                        + ": the universal perturbations, stretched so that ±ε is black and white: a"
                        + " flat tint means one colour shift fools every image.");
            }
        }
    }

    /** A run's measurements in one norm (null: not measured). */
    static JsonNode in(JsonNode run, String norm) {
        for (JsonNode n : run.get("norms")) {
            if (n.get("norm").asText().equals(norm)) {
                return n;
            }
        }
        return null;
    }

    static String symbol(String norm) {
        return norm.equals("linf") ? "L∞" : "L2";
    }


}
