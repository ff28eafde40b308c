package lazyartist.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import lazyartist.explain.Methods;
import lazyartist.io.Json;
import lazyartist.model.ModelCard;
import lazyartist.model.ModelStore;
import lazyartist.task.ExplainFiles;

/** Section 3 · The interrogation: attribution maps and their shortcut scores. */
final class InterrogationSection {

    private InterrogationSection() {}

    static void write(Run r, Html out, List<List<String>> summary) throws IOException {
        Path run = r.run();
        Path report = r.report();
        List<String> models = r.models();
        out.heading(2, "task3", "3 · The interrogation");
        out.paragraph("Where does each model look? Every method below is written on autograd: the class-activation"
                + " maps cut the network at its last convolutional stage, the gradient methods differentiate the class"
                + " logit with respect to the pixels. The shortcut score is the share of positive attribution that"
                + " falls on the digit's stroke; the pointing game asks whether the map's peak lies on the stroke;"
                + " the deletion AUC follows the class probability as the most attributed pixels are replaced by a"
                + " blurred, grey copy of the image, which holds neither stroke nor colour (lower is more faithful),"
                + " and the insertion AUC as they are put back into that copy (higher is more faithful). A map with"
                + " no positive attribution points nowhere: every score leaves it out and the table counts them."
                + " The figures show HiResCAM (gradient × activation per position) for networks whose head reads the"
                + " flattened maps, where Grad-CAM's spatial average of the gradient throws the positions away, and"
                + " Grad-CAM for heads that pool. All on the hard split, explaining the predicted class.");
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("model", "method", "images", "stroke share", "pointing game", "deletion AUC",
                "insertion AUC", "empty maps"));
        Html figures = new Html();
        String keyMethod = null;
        StringBuilder key = new StringBuilder();
        for (String name : models) {
            Path dir = run.resolve("models").resolve(name).resolve("explain");
            JsonNode methods = Json.readTree(dir.resolve(ExplainFiles.JSON)).get("methods");
            for (JsonNode m : methods) {
                rows.add(List.of(name, m.get("method").asText(), m.get("count").asText(),
                        Run.pct(Run.number(m.get("strokeShare"))), Run.pct(Run.number(m.get("pointingAccuracy"))),
                        String.format(Locale.ROOT, "%.3f", Run.number(m.get("deletionAuc"))),
                        String.format(Locale.ROOT, "%.3f", Run.number(m.get("insertionAuc"))), m.get("emptyMaps").asText()));
            }
            // The summary quotes one method every model has: the first gradient method.
            JsonNode chosen = null;
            for (JsonNode m : methods) {
                if (chosen == null && !Methods.CAM.contains(m.get("method").asText())) {
                    chosen = m;
                }
            }
            if (chosen != null) {
                keyMethod = chosen.get("method").asText();
                key.append(key.length() == 0 ? "" : ", ").append(name).append(' ')
                        .append(Run.pct(Run.number(chosen.get("strokeShare"))));
            }
            figures.heading(3, "explain-" + name, name);
            String cam = camShown(run.resolve("models").resolve(name), methods);
            for (JsonNode m : methods) {
                String method = m.get("method").asText();
                if (!method.equals(cam) && !method.equals(keyMethod)) {
                    continue;
                }
                for (String kind : new String[] {"conflicting", "aligned"}) {
                    String file = ExplainFiles.fileName(method) + "-" + kind + ".png";
                    Run.figure(figures, report, dir.resolve(file), name + "-" + file, name + ", " + method + ": colour-"
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
