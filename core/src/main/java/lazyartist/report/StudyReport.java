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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
            body.heading(2, "summary", "Summary").raw(summaryTable(summary));
            body.raw(sections.toString());
            appendix(body, config, times);
            String html = body.toString();
            AtomicFiles.write(dir.resolve(INDEX), page(contents(html), html).getBytes(StandardCharsets.UTF_8));
        });
    }

    /** The summary table; each row's first cell links to its section ("3 Interrogation" to #task3, a cheater to its details). */
    private static String summaryTable(List<List<String>> summary) {
        Html table = new Html().raw("<table>");
        for (int r = 0; r < summary.size(); r++) {
            StringBuilder tr = new StringBuilder("<tr>");
            for (int c = 0; c < summary.get(r).size(); c++) {
                String cell = Html.escape(summary.get(r).get(c));
                if (r == 0) {
                    tr.append("<th>").append(cell).append("</th>");
                } else if (c == 0) {
                    String text = summary.get(r).get(0);
                    String target = text.startsWith("1 Cheater: ") ? "model-" + text.substring("1 Cheater: ".length())
                            : "task" + text.charAt(0);
                    tr.append("<td><a href=\"#").append(Html.escape(target)).append("\">").append(cell).append("</a></td>");
                } else {
                    tr.append("<td>").append(cell).append("</td>");
                }
            }
            table.raw(tr.append("</tr>").toString());
        }
        return table.raw("</table>").toString();
    }

    private static final Pattern SECTION = Pattern.compile("<h2 id=\"([^\"]+)\">(.*?)</h2>|<h3 id=\"([^\"]+)\">(.*?)</h3>"
            + "|<details id=\"([^\"]+)\"><summary>(.*?)</summary>");

    /** The table of contents: every section, and under it its subsections and per-model details. */
    static String contents(String body) {
        StringBuilder nav = new StringBuilder("<nav id=\"contents\"><p><a href=\"#top\">Lazy Artist — the study</a></p><ul>");
        Matcher m = SECTION.matcher(body);
        boolean open = false;
        while (m.find()) {
            if (m.group(1) != null) {
                nav.append(open ? "</ul></li>" : "").append("<li><a href=\"#").append(m.group(1)).append("\">")
                        .append(m.group(2)).append("</a><ul>");
                open = true;
            } else {
                String id = m.group(3) != null ? m.group(3) : m.group(5);
                String text = m.group(3) != null ? m.group(4) : m.group(6);
                nav.append("<li><a href=\"#").append(id).append("\">").append(text).append("</a></li>");
            }
        }
        return nav.append(open ? "</ul></li>" : "").append("</ul></nav>").toString();
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

    /** Opens a folded block when a link points into it, so that following the contents shows what it names. */
    private static final String UNFOLD = "function unfold(){var e=location.hash&&document.getElementById("
            + "decodeURIComponent(location.hash.slice(1)));for(;e;e=e.parentElement){if(e.tagName==='DETAILS')"
            + "e.open=true;}}addEventListener('hashchange',unfold);addEventListener('DOMContentLoaded',unfold);";

    private static String page(String contents, String body) {
        try (var in = StudyReport.class.getResourceAsStream("report.css")) {
            String css = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Lazy Artist — study report"
                    + "</title><style>\n" + css + "</style><script>" + UNFOLD + "</script></head><body id=\"top\">"
                    + contents + "<main>\n" + body + "</main></body></html>\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
