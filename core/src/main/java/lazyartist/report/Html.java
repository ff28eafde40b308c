package lazyartist.report;

/** A small HTML builder: escaped text, tables and figures, no templates. */
final class Html {

    private final StringBuilder out = new StringBuilder();

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** Appends raw HTML. */
    Html raw(String html) {
        out.append(html).append('\n');
        return this;
    }

    Html heading(int level, String id, String text) {
        return raw("<h" + level + " id=\"" + id + "\">" + escape(text) + "</h" + level + ">");
    }

    /** Opens one model's folded details under a section's overview; {@link #closeDetails()} ends them. */
    Html openDetails(String id, String title) {
        return raw("<details id=\"" + id + "\"><summary>" + escape(title) + "</summary>");
    }

    Html closeDetails() {
        return raw("</details>");
    }

    Html paragraph(String text) {
        return raw("<p>" + escape(text) + "</p>");
    }

    /** A table whose first row is the header; cells that parse as numbers are right-aligned. */
    Html table(String caption, java.util.List<java.util.List<String>> rows) {
        raw("<table>");
        if (caption != null) {
            raw("<caption>" + escape(caption) + "</caption>");
        }
        for (int r = 0; r < rows.size(); r++) {
            StringBuilder tr = new StringBuilder("<tr>");
            for (String cell : rows.get(r)) {
                String tag = r == 0 ? "th" : "td";
                String cls = r > 0 && cell.matches("[-+]?[0-9.,]+ ?%?( s)?|—") ? " class=\"num\"" : "";
                tr.append('<').append(tag).append(cls).append('>').append(escape(cell)).append("</").append(tag).append('>');
            }
            raw(tr.append("</tr>").toString());
        }
        return raw("</table>");
    }

    Html figure(String src, String caption) {
        return raw("<figure><img src=\"" + escape(src) + "\" alt=\"" + escape(caption) + "\"><figcaption>"
                + escape(caption) + "</figcaption></figure>");
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
