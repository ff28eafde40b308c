package lazyartist.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import lazyartist.data.Purity;
import lazyartist.io.Json;
import lazyartist.task.DecomposeFiles;
import lazyartist.task.DecomposeTask;
import lazyartist.task.FrontierFiles;

/** Section 6 · The decomposition: sparse autoencoders, labelled features and interventions. */
final class DecompositionSection {

    private DecompositionSection() {}

    static void write(Run r, Html out, List<List<String>> summary) throws IOException {
        out.heading(2, "task6", "6 · The decomposition");
        out.paragraph("What is inside? A sparse autoencoder (TopK, SAELens' conventions) is trained on the stage each"
                + " network's classifier head reads, over the easy training digits. Each feature is labelled by its 16"
                + " top-activating hard digits with the prober's rule: colour if they share a colour but not a digit,"
                + " shape if the converse, mixed otherwise; dead if it never fires on validation digits. Then the"
                + " features are switched inside the network: the stage's output is replaced by itself plus the"
                + " decoded change of the features, so that changing nothing gives the original network exactly.");
        List<List<String>> metrics = new ArrayList<>();
        metrics.add(List.of("model", "stage", "split", "L0", "explained variance", "accuracy", "spliced accuracy",
                "CE recovered", "KL score", "shrinkage"));
        List<List<String>> counts = new ArrayList<>();
        counts.add(List.of("model", "features", "colour", "shape", "mixed", "dead"));
        List<List<String>> edits = new ArrayList<>();
        edits.add(List.of("model", "intervention", "features changed", "easy-val", "easy-val colour agreement",
                "hard", "hard colour agreement"));
        List<List<String>> heads = new ArrayList<>();
        heads.add(List.of("model", "head retrained on", "easy-val", "hard", "hard colour agreement"));
        Html figures = new Html();
        List<String> findings = new ArrayList<>();
        for (var mode : r.decomposed().entrySet()) {
            for (String name : mode.getValue()) {
                Path root = r.model(name).resolve(DecomposeTask.FOLDER);
                String stage = Json.readTree(root.resolve(DecomposeFiles.DECOMPOSED)).get("stage").asText();
                Path dir = root.resolve(stage);
                JsonNode d = Json.readTree(dir.resolve(DecomposeFiles.JSON));
                for (String split : new String[] {"val", "hard"}) {
                    JsonNode m = d.get("metrics").get(split);
                    metrics.add(List.of(name, stage + " (" + d.get("tokens").asText() + ")", split,
                            String.format(Locale.ROOT, "%.1f", m.get("l0").asDouble()),
                            String.format(Locale.ROOT, "%.3f", m.get("explainedVariance").asDouble()),
                            Run.pct(m.get("accuracy").asDouble()), Run.pct(m.get("splicedAccuracy").asDouble()),
                            String.format(Locale.ROOT, "%.3f", Run.number(m.get("ceRecovered"))),
                            number(m.get("klScore")), number(m.get("shrinkage"))));
                }
                JsonNode c = d.get("counts");
                counts.add(List.of(name, d.get("dSae").asText(), c.get("colour").asText(), c.get("shape").asText(),
                        c.get("mixed").asText(), c.get("dead").asText()));
                JsonNode none = d.get("interventions").get(0);
                for (JsonNode i : d.get("interventions")) {
                    edits.add(List.of(name, i.get("name").asText(), i.get("features").asText(),
                            change(i, none, "valAccuracy"), Run.pct(i.get("valColourAgreement").asDouble()),
                            change(i, none, "hardAccuracy"), Run.pct(i.get("hardColourAgreement").asDouble())));
                }
                for (JsonNode h : d.get("retrainedHeads")) {
                    heads.add(List.of(name, h.get("edit").asText().equals("none") ? "the stage output as it is"
                            : "the output with the colour features zeroed", Run.pct(h.get("valAccuracy").asDouble()),
                            Run.pct(h.get("hardAccuracy").asDouble()), Run.pct(h.get("hardColourAgreement").asDouble())));
                }
                findings.add(finding(name, d));
                figures.openDetails("decompose-" + name, name);
                for (String label : new String[] {"colour", "shape"}) {
                    Run.figure(figures, r.report(), dir.resolve(DecomposeFiles.dashboard(label)),
                            name + "-" + DecomposeFiles.dashboard(label), name + ": its strongest " + label
                                    + " features: what each wants (its decoder direction rendered through the network,"
                                    + " framed), its top-activating hard digits and what it does to the logits:"
                                    + " a colour feature's digits share a tint, not a shape.");
                }
                if (java.nio.file.Files.isRegularFile(dir.resolve(DecomposeFiles.DENSITY))) {
                    Run.figure(figures, r.report(), dir.resolve(DecomposeFiles.DENSITY), name + "-"
                            + DecomposeFiles.DENSITY, name + ": how often its features fire (validation tokens).");
                }
                if (java.nio.file.Files.isRegularFile(dir.resolve(FrontierFiles.PNG))) {
                    Run.figure(figures, r.report(), dir.resolve(FrontierFiles.PNG), name + "-" + FrontierFiles.PNG,
                            name + ": the sparsity–fidelity frontier, one autoencoder per kind and sparsity setting"
                                    + " (validation digits; `decompose --sweep`).");
                }
                figures.closeDetails();
            }
        }
        if (findings.isEmpty()) {
            out.paragraph("No model was decomposed in this run.");
            return;
        }
        out.table("How well the autoencoders reconstruct", metrics);
        out.table("Features by label (" + String.join(", ", Purity.LABELS) + ", dead)", counts);
        out.table("Interventions (change from the original network in brackets)", edits);
        out.paragraph("Steering, and a fix without retraining the convolutions: a new classifier head, trained for a"
                + " few epochs on the easy split's stage output, with and without the colour features.");
        out.table("Retrained heads", heads);
        for (String f : findings) {
            out.paragraph(f);
        }
        summary.add(List.of("6 Decomposition", "sparse autoencoders on " + String.join(", ",
                r.decomposed().values().stream().flatMap(List::stream).toList()), findings.get(0)));
        out.raw(figures.toString());
    }

    /** "62.1% (−32.4)": a value and its change from the original network, in points. */
    private static String change(JsonNode edit, JsonNode none, String field) {
        double v = edit.get(field).asDouble();
        double d = 100 * (v - none.get(field).asDouble());
        return String.format(Locale.ROOT, "%s (%+.1f)", Run.pct(v), d);
    }

    /** The paragraph a model's numbers say: what zeroing its colour features did, against the random control. */
    private static String finding(String name, JsonNode d) {
        JsonNode none = null;
        JsonNode colour = null;
        double randomLow = Double.POSITIVE_INFINITY;
        double randomHigh = Double.NEGATIVE_INFINITY;
        for (JsonNode i : d.get("interventions")) {
            String n = i.get("name").asText();
            if (n.equals("none")) {
                none = i;
            } else if (n.equals("ablate-colour")) {
                colour = i;
            } else if (n.startsWith("ablate-random")) {
                randomLow = Math.min(randomLow, i.get("hardColourAgreement").asDouble());
                randomHigh = Math.max(randomHigh, i.get("hardColourAgreement").asDouble());
            }
        }
        double moved = 0;
        int colours = 0;
        for (JsonNode s : d.get("steering")) {
            moved += Run.number(s.get("hardMoved"));
            colours++;
        }
        return String.format(Locale.ROOT, "%s: %d of %d features are colour features. Zeroing them moves its hard"
                + " accuracy from %s to %s and its hard colour agreement from %s to %s; zeroing as many random live"
                + " features instead leaves the colour agreement at %s–%s. Adding one colour feature to digits of other"
                + " colours moves %s of hard predictions to that colour's digit (mean over %d colours).", name,
                d.get("counts").get("colour").asInt(), d.get("dSae").asInt(), Run.pct(none.get("hardAccuracy")
                        .asDouble()), Run.pct(colour.get("hardAccuracy").asDouble()),
                Run.pct(none.get("hardColourAgreement").asDouble()), Run.pct(colour.get("hardColourAgreement")
                        .asDouble()), Run.pct(randomLow), Run.pct(randomHigh),
                Run.pct(colours == 0 ? Double.NaN : moved / colours), colours);
    }

    /** A metric to three decimals; "—" in a run written before it was measured. */
    private static String number(JsonNode value) {
        return value == null || value.isNull() ? "—" : String.format(Locale.ROOT, "%.3f", Run.number(value));
    }
}
