package lazyartist.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import lazyartist.io.AtomicFiles;
import lazyartist.io.Json;
import lazyartist.io.Versions;

/**
 * The study's story as one self-contained folder: {@code report/index.html} and the figures it
 * shows, every number read from this run's files.
 */
public final class StudyReport {

    public static final String INDEX = "index.html";

    /** How long a stage took, and whether this run skipped it as up to date. */
    /** A stage's time and the process's peak resident memory while it ran (MB, from /proc). */
    public record StageTime(String stage, double seconds, double peakMb, boolean skipped) {}

    private StudyReport() {}

    /** Writes {@code <run>/report/} from the run's data sets and models. */
    public static void write(Path run, Object config, List<String> modes, List<String> models, List<String> debiased,
            Map<String, List<String>> decomposed, List<StageTime> times) {
        AtomicFiles.writeFolder(run.resolve("report"), dir -> {
            Files.createDirectories(dir.resolve("img"));
            Run r = new Run(run, dir, modes, models, debiased, decomposed);
            Html body = new Html();
            List<List<String>> summary = new ArrayList<>();
            summary.add(List.of("task", "what ran", "key number"));
            Html sections = new Html();
            DatasetSection.write(r, sections, summary);
            CheaterSection.write(r, sections, summary);
            ProberSection.write(r, sections, summary);
            InterrogationSection.write(r, sections, summary);
            InterventionSection.write(r, sections, summary);
            CloakSection.write(r, sections, summary);
            DecompositionSection.write(r, sections, summary);
            body.raw("<header><h1>Lazy Artist — the study</h1><p class=\"lede\">Neural networks are lazy artists:"
                    + " shown digits whose colour gives the answer away, they learn the colour, not the shape. This"
                    + " report follows that story on real MNIST. Every number below was measured in this run.</p>"
                    + "<p>To paint a digit and watch these models read it, run <code>./lazy-artist lab --run "
                    + Html.escape(run.toString()) + "</code>.</p>"
                    + "</header>");
            body.heading(2, "summary", "Summary").table(null, summary);
            body.raw(sections.toString());
            appendix(body, config, times);
            AtomicFiles.write(dir.resolve(INDEX), page(body.toString()).getBytes(StandardCharsets.UTF_8));
        });
    }

    private static void appendix(Html body, Object config, List<StageTime> times) {
        body.heading(2, "appendix", "Appendix: how this run was made");
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("stage", "time", "peak resident memory", "this run"));
        double total = 0;
        double peak = 0;
        for (StageTime t : times) {
            rows.add(List.of(t.stage(), String.format(Locale.ROOT, "%.1f s", t.seconds()),
                    Double.isFinite(t.peakMb()) && t.peakMb() > 0 ? String.format(Locale.ROOT, "%,.0f MB", t.peakMb()) : "–",
                    t.skipped() ? "skipped (up to date)" : "ran"));
            total += t.seconds();
            peak = Math.max(peak, Double.isFinite(t.peakMb()) ? t.peakMb() : 0);
        }
        rows.add(List.of("total", String.format(Locale.ROOT, "%.1f s", total),
                peak > 0 ? String.format(Locale.ROOT, "%,.0f MB", peak) : "–", ""));
        body.table("Time and peak resident memory per stage (when it ran)", rows);
        body.raw("<h3>Configuration</h3><pre>" + Html.escape(new String(Json.toBytes(config), StandardCharsets.UTF_8))
                + "</pre>");
        body.raw("<h3>Versions</h3><pre>" + Html.escape(new String(Json.toBytes(Versions.all()), StandardCharsets.UTF_8))
                + "</pre>");
    }

    private static String page(String body) {
        try (var in = StudyReport.class.getResourceAsStream("report.css")) {
            String css = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Lazy Artist — study report"
                    + "</title><style>\n" + css + "</style></head><body><main>\n" + body + "</main></body></html>\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
