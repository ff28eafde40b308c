package lazyartist.report;

import static lazyartist.report.CloakSection.in;
import static lazyartist.report.CloakSection.left;
import static lazyartist.report.CloakSection.symbol;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The push question's tables: each model's minimal ε, the ratio cheater / best debiased, robust accuracy. */
final class PushTables {

    private PushTables() {}

    /**
     * The minimal ε per model and norm, and how much more push each mode's shortcut cheater needs than
     * its best debiased model (chosen on validation).
     */
    static void push(Run r, Map<String, JsonNode> runs, List<String> norms, Html out,
            List<List<String>> summary, int from, int to) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("model", "norm", "searched with", "lower quartile", "median", "upper quartile",
                "not fooled at the largest ε"));
        Map<String, Map<String, Double>> medians = new LinkedHashMap<>();
        for (String norm : norms) {
            for (var e : runs.entrySet()) {
                JsonNode n = in(e.getValue(), norm);
                JsonNode m = n == null ? null : n.get("minimalEpsilon");
                if (m == null || m.isNull()) {
                    continue;
                }
                double max = m.get("max").asDouble();
                rows.add(List.of(e.getKey(), symbol(norm), m.get("attack").asText(), epsilon(m.get("lowerQuartile"),
                        max), epsilon(m.get("median"), max), epsilon(m.get("upperQuartile"), max),
                        m.get("notFooled").asInt() + " of " + m.get("perImage").size()));
                double median = Run.number(m.get("median"));
                medians.computeIfAbsent(norm, k -> new LinkedHashMap<>()).put(e.getKey(),
                        Double.isNaN(median) ? Double.POSITIVE_INFINITY : median);
            }
        }
        if (medians.isEmpty()) {
            return;
        }
        out.paragraph("How much push does each model need? For every attacked image, the smallest budget at which the"
                + " suite fools it (the strongest single attack when no suite ran), found by bisection; quartiles over"
                + " the images, an image no budget fools counting as needing more than the largest.");
        out.table("Minimal ε, " + from + " → " + to, rows);
        StringBuilder text = new StringBuilder();
        for (List<String> pair : r.decomposed().values()) {
            if (pair.size() < 2) {
                continue;
            }
            String cheater = pair.get(0);
            String debiased = pair.get(1);
            for (String norm : norms) {
                Map<String, Double> m = medians.get(norm);
                if (m == null || !m.containsKey(cheater) || !m.containsKey(debiased)) {
                    continue;
                }
                double c = m.get(cheater);
                double d = m.get(debiased);
                text.append(String.format(Locale.ROOT, "In %s, %s needs a median ε of %s against %s for the best"
                        + " debiased model, %s: %s as much. ", symbol(norm), cheater, value(c), value(d), debiased,
                        Double.isInfinite(c) || Double.isInfinite(d) || d == 0 ? "not comparable"
                                : String.format(Locale.ROOT, "%.1f×", c / d)));
            }
            text.append(blackBox(runs.get(cheater), cheater, norms));
        }
        if (text.length() > 0) {
            out.paragraph(text.toString().strip());
            summary.add(List.of("5 Invisible cloak", from + " → " + to + " in L∞ and L2; the reliable suite (APGD-CE,"
                    + " APGD-DLR, Square); minimal ε", text.substring(0, text.indexOf(". ") + 1)));
        }
    }

    /**
     * Whether the cheater's resistance survives the black box: at ε, what Square fooled that no gradient
     * attack did, and whether the suite's minimal ε rests on Square.
     */
    private static String blackBox(JsonNode run, String cheater, List<String> norms) {
        StringBuilder text = new StringBuilder();
        for (String norm : norms) {
            JsonNode n = in(run, norm);
            if (n == null || n.get("attacks").get("square") == null) {
                continue;
            }
            double square = n.get("attacks").get("square").get("successRate").asDouble();
            double white = 0;
            String whiteName = null;
            for (var a : (Iterable<Map.Entry<String, JsonNode>>) n.get("attacks")::fields) {
                if (!a.getKey().equals("square") && !a.getKey().equals(CloakSection.SUITE)
                        && a.getValue().get("successRate").asDouble() >= white) {
                    white = a.getValue().get("successRate").asDouble();
                    whiteName = a.getKey();
                }
            }
            int only = 0;
            for (JsonNode f : run.get("flags")) {
                if (f.get("name").asText().equals("black-box-beats-white-box") && norm.equals(f.get("norm").asText())) {
                    only = f.get("images").size();
                }
            }
            String which = left(n.get("attacks").get("square"), run).isEmpty() ? cheater + "'s images"
                    : "the " + n.get("attacks").get("square").get("images").asInt() + " images of " + cheater
                    + " that the suite's gradient attacks left";
            text.append(String.format(Locale.ROOT, "At %s ε = %s the black-box Square Attack fools %s of %s,"
                    + " against %s for the best gradient attack (%s)%s. ", symbol(norm),
                    n.get("epsilon").asText(), Run.pct(square), which, Run.pct(white), whiteName,
                    only == 0 ? "" : String.format(Locale.ROOT, "; %d of them no gradient attack fooled", only)));
        }
        return text.toString();
    }

    static void robust(Map<String, JsonNode> runs, List<String> norms, Html out) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("model", "norm", "ε", "images", "clean accuracy", "robust accuracy"));
        for (String norm : norms) {
            for (var e : runs.entrySet()) {
                JsonNode n = in(e.getValue(), norm);
                JsonNode ra = n == null ? null : n.get("robustAccuracy");
                if (ra == null || ra.isNull()) {
                    continue;
                }
                rows.add(List.of(e.getKey(), symbol(norm), ra.get("epsilon").asText(), ra.get("images").asText(),
                        Run.pct(ra.get("cleanAccuracy").asDouble()), Run.pct(ra.get("robustAccuracy").asDouble())));
            }
        }
        if (rows.size() == 1) {
            return;
        }
        out.paragraph("The figure the field reports: untargeted robust accuracy, the share of the first validation"
                + " digits (any digit) a model still reads right after the suite, untargeted, at ε.");
        out.table("Untargeted robust accuracy under the suite", rows);
    }

    private static String value(double v) {
        return Double.isInfinite(v) ? "more than the largest budget" : String.format(Locale.ROOT, "%.4f", v);
    }
    private static String epsilon(JsonNode value, double max) {
        double v = Run.number(value);
        return Double.isNaN(v) ? "> " + max : String.format(Locale.ROOT, "%.4f", v);
    }
}
