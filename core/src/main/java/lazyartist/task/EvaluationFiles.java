package lazyartist.task;

import java.awt.Color;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import lazyartist.data.ColoredSplit;
import lazyartist.data.Palette;
import lazyartist.eval.Evaluation;
import lazyartist.eval.SplitMetrics;
import lazyartist.figures.Heatmap;
import lazyartist.figures.Png;
import lazyartist.figures.ProofGrid;
import lazyartist.io.AtomicFiles;
import lazyartist.io.Json;
import lazyartist.io.Versions;

/**
 * Writes an evaluation: {@code metrics.json}, per split the confusion and colour-vs-prediction
 * matrices as CSV and PNG, and the proof grid of colour-driven mistakes on the hard split.
 */
public final class EvaluationFiles {

    public static final String METRICS = "metrics.json";
    public static final String PROOF = "proof.png";
    static final int PROOF_SAMPLES = 16;

    private EvaluationFiles() {}

    /** Everything an evaluation produced, for {@code metrics.json}. */
    public record MetricsFile(String model, Map<String, SplitMetrics> splits, int proofSamples,
            Map<String, Object> provenance) {}

    public static void write(Path dir, String model, Map<String, Evaluation.Result> results,
            Map<String, ColoredSplit> splits, Palette palette, Map<String, Object> provenance) {
        List<String> digits = IntStream.range(0, Palette.SIZE).mapToObj(d -> "digit " + d).toList();
        List<String> predicted = IntStream.range(0, Palette.SIZE).mapToObj(Integer::toString).toList();
        List<String> colours = palette.names();
        List<Color> swatches = palette.colours().stream()
                .map(c -> new Color(c.rgb()[0], c.rgb()[1], c.rgb()[2])).toList();
        Map<String, SplitMetrics> metrics = new LinkedHashMap<>();
        int proofCount = 0;
        for (var e : results.entrySet()) {
            String split = e.getKey();
            SplitMetrics m = e.getValue().metrics();
            metrics.put(split, m);
            writeCsv(dir.resolve("confusion-" + split + ".csv"), "true\\predicted", digits, m.confusion());
            writeCsv(dir.resolve("colour-prediction-" + split + ".csv"), "colour\\predicted", colours,
                    m.colourVsPrediction());
            Png.write(dir.resolve("confusion-" + split + ".png"), Heatmap.draw(
                    String.format("%s on %s: confusion (accuracy %.1f%%)", model, split, 100 * m.accuracy()),
                    m.confusion(), digits, predicted, "true digit", "predicted digit", null));
            Png.write(dir.resolve("colour-prediction-" + split + ".png"), Heatmap.draw(
                    String.format("%s on %s: colour worn vs prediction (agreement %.1f%%)", model, split,
                            100 * m.colourAgreement()),
                    m.colourVsPrediction(), colours, predicted, "colour worn", "predicted digit", swatches));
            if (split.equals("hard")) {
                List<Integer> proof = Evaluation.colourMistakes(splits.get(split), e.getValue().predictions(),
                        PROOF_SAMPLES);
                proofCount = proof.size();
                Png.write(dir.resolve(PROOF), ProofGrid.draw(model + ": hard digits predicted as the digit their colour"
                        + " belongs to", splits.get(split), e.getValue().predictions(), proof, palette));
            }
        }
        Map<String, Object> prov = new LinkedHashMap<>(provenance);
        prov.put("versions", Versions.all());
        Json.write(dir.resolve(METRICS), new MetricsFile(model, metrics, proofCount, prov));
    }

    private static void writeCsv(Path file, String corner, List<String> rows, int[][] counts) {
        StringBuilder csv = new StringBuilder(corner);
        for (int c = 0; c < counts[0].length; c++) {
            csv.append(',').append(c);
        }
        csv.append('\n');
        for (int r = 0; r < counts.length; r++) {
            csv.append(rows.get(r));
            for (int v : counts[r]) {
                csv.append(',').append(v);
            }
            csv.append('\n');
        }
        AtomicFiles.write(file, csv.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
