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
import lazyartist.explain.SanityCheck;
import lazyartist.io.Json;
import lazyartist.model.ModelCard;
import lazyartist.model.ModelStore;
import lazyartist.task.ExplainFiles;
import lazyartist.task.ExplainTask;
import lazyartist.task.SanityFiles;

/**
 * Section 3 · The interrogation: attribution maps and their shortcut scores, and whether the maps
 * pass the sanity checks. Every sentence that says where a model looks names a method that passed
 * every sanity check on that model, or says that none did.
 */
final class InterrogationSection {

    private InterrogationSection() {}

    static void write(Run r, Html out, List<List<String>> summary) throws IOException {
        // The cheaters, then the headline debiased models the study explained for their sanity checks.
        List<String> models = new ArrayList<>(r.models());
        for (List<String> names : r.decomposed().values()) {
            names.stream().filter(n -> !models.contains(n)
                    && Files.isRegularFile(r.model(n).resolve(ExplainTask.FOLDER).resolve(ExplainFiles.JSON)))
                    .forEach(models::add);
        }
        out.heading(2, "task3", "3 · The interrogation");
        out.paragraph("Where does each model look? Every method below is written on autograd or needs no gradient at"
                + " all: the class-activation maps cut the network at its last convolutional stage (Score-CAM weighs"
                + " each channel by the class probability of the input it masks), the gradient methods differentiate"
                + " the class logit with respect to the pixels (SmoothGrad averages them over noisy copies), and"
                + " occlusion paints a sliding patch with a blurred, grey copy of the image. The shortcut score is the"
                + " share of positive attribution that falls on the digit's stroke; the pointing game asks whether the"
                + " map's peak lies on the stroke; the deletion AUC follows the class probability as the most"
                + " attributed pixels are replaced by the blurred, grey copy, which holds neither stroke nor colour"
                + " (lower is more faithful), and the insertion AUC as they are put back into it (higher is more"
                + " faithful). A map with no positive attribution points nowhere: every score leaves it out and the"
                + " table counts them. All on the hard split, explaining the predicted class.");
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("model", "method", "images", "stroke share", "pointing game", "deletion AUC",
                "insertion AUC", "empty maps"));
        Html figures = new Html();
        Map<String, Map<String, JsonNode>> scores = new LinkedHashMap<>();
        for (String name : models) {
            Path dir = r.model(name).resolve(ExplainTask.FOLDER);
            JsonNode methods = Json.readTree(dir.resolve(ExplainFiles.JSON)).get("methods");
            Map<String, JsonNode> byMethod = new LinkedHashMap<>();
            for (JsonNode m : methods) {
                byMethod.put(m.get("method").asText(), m);
                rows.add(List.of(name, m.get("method").asText(), m.get("count").asText(),
                        Run.pct(Run.number(m.get("strokeShare"))), Run.pct(Run.number(m.get("pointingAccuracy"))),
                        String.format(Locale.ROOT, "%.3f", Run.number(m.get("deletionAuc"))),
                        String.format(Locale.ROOT, "%.3f", Run.number(m.get("insertionAuc"))),
                        m.get("emptyMaps").asText()));
            }
            scores.put(name, byMethod);
            figures.openDetails("explain-" + name, name);
            String cam = camShown(r.model(name), methods);
            for (String method : byMethod.keySet()) {
                if (!method.equals(cam) && !method.equals("gradxinput")) {
                    continue;
                }
                for (String kind : new String[] {"conflicting", "aligned"}) {
                    String file = ExplainFiles.fileName(method) + "-" + kind + ".png";
                    Run.figure(figures, r.report(), dir.resolve(file), name + "-" + file, name + ", " + method
                            + ": colour-" + kind + " digits, their map and the overlay; a map on the"
                            + " background reads the colour, a map on the strokes the shape.");
                }
            }
            figures.closeDetails();
        }
        out.table("Shortcut scores on the hard split", rows);
        List<String> claims = sanity(r, scores, out);
        summary.add(List.of("3 Interrogation", "attribution maps on the hard split, sanity-checked",
                claims.isEmpty() ? "no model's maps were sanity-checked" : String.join(" ", claims)));
        out.raw(figures.toString());
    }

    /**
     * The sanity table and cascade figure of every model checked, and one sentence per checked model on
     * where it looks, citing only the methods that passed every check on it; returns those sentences.
     */
    private static List<String> sanity(Run r, Map<String, Map<String, JsonNode>> scores, Html out) throws IOException {
        List<String> checked = new ArrayList<>();
        for (List<String> names : r.decomposed().values()) {
            for (String name : names) {
                if (Files.isRegularFile(r.model(name).resolve(ExplainTask.FOLDER).resolve(SanityFiles.JSON))) {
                    checked.add(name);
                }
            }
        }
        out.heading(3, "sanity", "Can we trust these maps?");
        if (checked.isEmpty()) {
            out.paragraph("No model's maps were sanity-checked in this run, so this report makes no claim about where a"
                    + " model looks.");
            return List.of();
        }
        JsonNode first = Json.readTree(r.model(checked.get(0)).resolve(ExplainTask.FOLDER).resolve(SanityFiles.JSON));
        out.paragraph(String.format(Locale.ROOT, "Would a map look the same if the network had learned nothing? The"
                + " sanity checks of Adebayo et al. (NeurIPS 2018), on the first %d hard digits of each headline model,"
                + " each map for the class the trained model predicted: re-initialise the network's stages from the"
                + " head down, one more at a time (cascade), or one at a time (independent; the number is the mean over"
                + " the stages); train the same network on shuffled labels (labels); explain a random other class"
                + " (random logit). A method passes a test when the mean Spearman correlation of |map| with the trained"
                + " model's stays below %.2f; the cells give it. Methods that pass every test are the only ones this"
                + " report cites for where a model looks.", first.get("images").asInt(),
                first.get("threshold").asDouble()));
        List<List<String>> rows = new ArrayList<>();
        List<String> header = new ArrayList<>(List.of("model", "method"));
        header.addAll(SanityCheck.TESTS);
        rows.add(header);
        List<String> claims = new ArrayList<>();
        for (String name : checked) {
            Path dir = r.model(name).resolve(ExplainTask.FOLDER);
            JsonNode sanity = Json.readTree(dir.resolve(SanityFiles.JSON));
            List<String> passed = new ArrayList<>();
            for (JsonNode m : sanity.get("methods")) {
                List<String> row = new ArrayList<>(List.of(name, m.get("method").asText()));
                boolean all = true;
                for (String test : SanityCheck.TESTS) {
                    JsonNode verdict = m.get("verdicts").get(test);
                    double value = Run.number(m.get("values").get(test));
                    row.add(verdict == null || verdict.isNull() ? "—" : String.format(Locale.ROOT, "%s %.2f",
                            verdict.asBoolean() ? "pass" : "FAIL", value));
                    all &= verdict != null && !verdict.isNull() ? verdict.asBoolean() : true;
                }
                rows.add(row);
                if (all) {
                    passed.add(m.get("method").asText());
                }
            }
            claims.add(claim(name, passed, scores.getOrDefault(name, Map.of())));
            Run.figure(out, r.report(), dir.resolve(SanityFiles.CURVES), name + "-sanity-curves.png", name
                    + ": the mean Spearman ρ of |map| with the trained model's as more stages are re-initialised; a"
                    + " method whose line stays high shows the input or the architecture more than what the network"
                    + " learned.");
        }
        out.table("Sanity checks (pass when below the threshold)", rows);
        out.paragraph(String.join(" ", claims));
        String cheater = checked.get(0);
        Path grid = r.model(cheater).resolve(ExplainTask.FOLDER).resolve(SanityFiles.grid("gradcam"));
        if (Files.isRegularFile(grid)) {
            Run.figure(out, r.report(), grid, cheater + "-sanity-grid.png", cheater + ", Grad-CAM: the maps of four"
                    + " hard digits as the stages are re-initialised from the head down; a map that survives the"
                    + " randomisation did not come from what the network learned.");
        }
        return claims;
    }

    /** Where a model looks, by the methods that passed every sanity check on it (or that none did). */
    static String claim(String model, List<String> passed, Map<String, JsonNode> scores) {
        List<String> cited = passed.stream().filter(scores::containsKey).toList();
        if (cited.isEmpty()) {
            return "No map method passed every sanity check on " + model + ", so this report does not say where it"
                    + " looks.";
        }
        List<String> parts = new ArrayList<>();
        for (String method : cited) {
            parts.add(method + " " + Run.pct(Run.number(scores.get(method).get("strokeShare"))));
        }
        return "By the methods that passed every sanity check on " + model + ", " + String.join(", ", parts)
                + " of its attribution falls on the stroke.";
    }

    /**
     * The class-activation map a model's figures show: HiResCAM when its head reads the flattened
     * maps, Grad-CAM when it pools them (or when HiResCAM did not run).
     */
    static String camShown(Path model, JsonNode methods) {
        ModelCard card = Json.read(model.resolve(ModelStore.CARD), ModelCard.class);
        boolean pooled = card.layers().stream().anyMatch(l -> l.type().equals("AdaptiveAvgPool2d"));
        boolean hires = false;
        for (JsonNode m : methods) {
            hires |= m.get("method").asText().equals("hirescam");
        }
        return !pooled && hires ? "hirescam" : "gradcam";
    }
}
