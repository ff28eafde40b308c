package lazyartist.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the report's sections draw from: the run folder, the report folder being written, and
 * which models played which part.
 *
 * @param models the cheaters, trained with plain cross-entropy
 * @param debiased the first seed's model of every debiasing method
 * @param decomposed per mode, the models decomposed
 */
record Run(Path run, Path report, List<String> modes, List<String> models, List<String> debiased,
        Map<String, List<String>> decomposed) {

    Path model(String name) {
        return run.resolve("models").resolve(name);
    }

    /** Copies a figure into the report's own img/ folder, so the report stands alone, and shows it. */
    static void figure(Html html, Path report, Path png, String name, String caption) throws IOException {
        String img = "img/" + name;
        Files.copy(png, report.resolve(img));
        html.figure(img, caption);
    }

    static String pct(double fraction) {
        return Double.isNaN(fraction) ? "—" : String.format(Locale.ROOT, "%.1f%%", 100 * fraction);
    }

    /** A JSON number that may be null (not measured), as a fraction. */
    static double number(com.fasterxml.jackson.databind.JsonNode node) {
        return node == null || node.isNull() ? Double.NaN : node.asDouble();
    }
}
