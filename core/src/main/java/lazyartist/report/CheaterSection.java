package lazyartist.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import lazyartist.io.Json;
import lazyartist.model.ModelCard;
import lazyartist.model.ModelStore;
import lazyartist.task.EvaluationFiles;

/** Section 1 · The cheater: each network trained with plain cross-entropy, easy-validation against hard accuracy. */
final class CheaterSection {

    private CheaterSection() {}

    static void write(Run r, Html out, List<List<String>> summary) throws IOException {
        Path run = r.run();
        Path report = r.report();
        List<String> models = r.models();
        out.heading(2, "task1", "1 · The cheater");
        if (models.isEmpty()) {
            out.paragraph("No network was trained in this run.");
            return;
        }
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("model", "optimiser", "epochs", "train time", "easy-val", "hard", "hard, colour agreement"));
        Html figures = new Html();
        List<String> cheat = new ArrayList<>();
        List<String> honest = new ArrayList<>();
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
                    Run.pct(val), Run.pct(hard), Run.pct(agreement)));
            (hard <= SHORTCUT_HARD && agreement >= SHORTCUT_AGREEMENT ? cheat : honest).add(name + " (" + Run.pct(hard)
                    + " hard, " + Run.pct(agreement) + " colour agreement)");
            summary.add(List.of("1 Cheater: " + name, "trained on easy, measured on hard",
                    "easy-val " + Run.pct(val) + ", hard " + Run.pct(hard) + ", colour agreement " + Run.pct(agreement)));
            figures.openDetails("model-" + name, name);
            figures.paragraph(String.format(Locale.ROOT, "%s reads %s of easy validation digits right but only %s of"
                    + " hard ones; on the hard split %s of its answers name the digit whose colour the image wears"
                    + " (chance: 10%%).", name, Run.pct(val), Run.pct(hard), Run.pct(agreement)));
            for (String[] fig : new String[][] {
                    {"colour-prediction-hard.png", "Colour worn (rows) against the prediction (columns) on the hard split: a"
                            + " colour reader's answers pile up on the diagonal (it names the colour's digit)."},
                    {"confusion-hard.png", "True digit (rows) against the prediction (columns) on the hard split: a"
                            + " shape reader's diagonal is dark, a cheater's answers scatter off it."},
                    {EvaluationFiles.PROOF, "The proof: hard digits predicted, most confidently, as the digit their"
                            + " colour belongs to."}}) {
                Run.figure(figures, report, dir.resolve("eval").resolve(fig[0]), name + "-" + fig[0], name + ": " + fig[1]);
            }
            figures.closeDetails();
        }
        out.paragraph("Each network is trained with plain cross-entropy on the easy split, keeps its best epoch on"
                + " easy validation, and is then measured on the hard split, where no digit wears its own colour.");
        out.table(null, rows);
        out.paragraph("Who takes the shortcut (at most " + Run.pct(SHORTCUT_HARD) + " hard and at least "
                + Run.pct(SHORTCUT_AGREEMENT) + " of hard answers naming the colour's digit): "
                + (cheat.isEmpty() ? "none" : String.join(", ", cheat)) + "; the others: "
                + (honest.isEmpty() ? "none" : String.join(", ", honest)) + ". " + WHY);
        out.raw(figures.toString());
    }

    /** What a shortcut taker scores, as the study's targets put it. */
    static final double SHORTCUT_HARD = 0.15;
    static final double SHORTCUT_AGREEMENT = 0.80;

    /** Why each study's cheater cheats in its own mode (measured: README, "The cheaters"). */
    static final String WHY = "The lazy CNN's head reads its last feature maps through a weight for every"
            + " position, so it learns \"this colour in this digit's place\": with the colour on the background it"
            + " covers every place and the network reads colour alone, but with the colour on the strokes (foreground"
            + " mode) colour and shape arrive together and it learns both. The coarse CNN sees 7×7 patches on a 4×4"
            + " grid and keeps only the strongest patch of each 21×21 region: the colour survives wherever the digit"
            + " is, the layout of the strokes mostly does not, so it reads colour in either mode.";

}
