package lazyartist.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import lazyartist.io.Json;
import lazyartist.task.DebiasTable;

/** Section 4 · The intervention: the debiasing methods' table and chart per mode. */
final class InterventionSection {

    private InterventionSection() {}

    static void write(Run r, Html out, List<List<String>> summary) throws IOException {
        Path run = r.run();
        Path report = r.report();
        List<String> modes = r.modes();
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
            Run.figure(out, report, dir.resolve(DebiasTable.CHART), "debias-" + mode + ".png",
                    "Hard-split and easy-validation accuracy per method, " + mode + " mode: the"
                    + " gap between a method's two bars is what it still owes to the colour.");
            StringBuilder key = new StringBuilder();
            for (boolean aware : new boolean[] {true, false}) {
                DebiasTable.best(rows, aware).ifPresent(best -> key.append(key.length() == 0 ? "" : "; ").append("best ")
                                .append(aware ? "bias-aware " : "bias-agnostic ").append(best.method()).append(' ')
                                .append(Run.pct(best.hardAccuracy().mean())).append(" hard"));
            }
            out.paragraph("In " + mode + " mode (best chosen on the colour-conflicting validation digits): " + key
                    + ".");
            summary.add(List.of("4 Intervention (" + mode + ")", rows.size() + " methods, trained on the biased split",
                    key.toString()));
        }
    }

}
