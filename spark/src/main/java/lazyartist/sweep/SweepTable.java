package lazyartist.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import lazyartist.LabException;
import lazyartist.io.AtomicFiles;
import lazyartist.io.Json;
import lazyartist.io.Versions;
import lazyartist.task.DebiasTable;

/**
 * The sweep's results in one table: a cell per combination of every axis but the seed, with its
 * seeds' mean ± std. Written to {@code table/}: {@code sweep.csv} and {@code sweep.json} with every
 * cell, and, per data set and training options, the {@code debias} table and chart of its methods.
 */
public final class SweepTable {

    public static final String CSV = "sweep.csv";
    public static final String JSON = "sweep.json";

    /** One cell: its axes (all but the seed), the table it belongs to, and its seeds' numbers. */
    public record Cell(Map<String, String> axes, String table, List<DebiasTable.Seed> seeds) {

        /** Mean ± std over the seeds. */
        public DebiasTable.Row row() {
            return DebiasTable.rows(seeds).get(0);
        }
    }

    /** A cell as {@code sweep.json} holds it. */
    private record Written(Map<String, String> axes, String table, DebiasTable.Row row) {}

    private SweepTable() {}

    /** Reads every run's result and groups the runs into cells, in the grid's order. */
    static List<Cell> gather(List<SweepRun> runs, Store store) {
        Map<Map<String, String>, Cell> cells = new LinkedHashMap<>();
        for (SweepRun run : runs) {
            String rel = "runs/" + run.path() + "/" + DebiasTable.JSON;
            if (!store.exists(rel)) {
                throw new LabException("sweep: " + store + "/" + rel + " is missing; run the sweep again to train it");
            }
            JsonNode json;
            try {
                json = Json.MAPPER.readTree(store.read(rel));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            DebiasTable.Seed seed = Json.MAPPER.convertValue(json.get("seeds").get(0), DebiasTable.Seed.class);
            cells.computeIfAbsent(run.cell(), c -> new Cell(c, run.tableKey(), new ArrayList<>())).seeds().add(seed);
        }
        return List.copyOf(cells.values());
    }

    /** Writes the table folder and publishes it, replacing the one an earlier sweep wrote. */
    static void write(List<Cell> cells, Grid grid, Store store) {
        Path dir = store.scratch("table");
        byTable(cells).forEach((key, seeds) -> {
            Map<String, Object> provenance = new LinkedHashMap<>();
            provenance.put("sweep", key);
            provenance.put("grid", grid.axes());
            DebiasTable.write(dir.resolve(key), seeds, provenance);
        });
        AtomicFiles.write(dir.resolve(CSV), csv(cells).getBytes(StandardCharsets.UTF_8));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("grid", grid.axes());
        json.put("cells", cells.stream().map(c -> new Written(c.axes(), c.table(), c.row())).toList());
        json.put("versions", Versions.all());
        Json.write(dir.resolve(JSON), json);
        store.publish(dir, "table", true);
    }

    /** Every table's seeds, by table, in the cells' order. */
    private static Map<String, List<DebiasTable.Seed>> byTable(List<Cell> cells) {
        Map<String, List<DebiasTable.Seed>> tables = new LinkedHashMap<>();
        cells.forEach(c -> tables.computeIfAbsent(c.table(), k -> new ArrayList<>()).addAll(c.seeds()));
        return tables;
    }

    /** One line per cell: its axes, then each number's mean and std over seeds. */
    static String csv(List<Cell> cells) {
        List<String> axes = cells.isEmpty() ? List.of() : List.copyOf(cells.get(0).axes().keySet());
        StringBuilder csv = new StringBuilder(String.join(",", axes)).append(",seeds,val_mean,val_std,"
                + "val_conflicting_mean,val_conflicting_std,hard_mean,hard_std,colour_agreement_mean,colour_agreement_std,"
                + "hirescam_stroke_mean,hirescam_stroke_std,gradinput_stroke_mean,gradinput_stroke_std,train_seconds_mean\n");
        for (Cell c : cells) {
            DebiasTable.Row r = c.row();
            csv.append(String.join(",", c.axes().values())).append(String.format(Locale.ROOT,
                    ",%d,%.4f,%.4f,%.4f,%.4f,%.4f,%.4f,%.4f,%.4f,%.4f,%.4f,%.4f,%.4f,%.1f%n", r.seeds(),
                    r.valAccuracy().mean(), r.valAccuracy().std(), r.valConflictingAccuracy().mean(),
                    r.valConflictingAccuracy().std(), r.hardAccuracy().mean(), r.hardAccuracy().std(),
                    r.hardColourAgreement().mean(), r.hardColourAgreement().std(), r.camStrokeShare().mean(),
                    r.camStrokeShare().std(), r.gradInputStrokeShare().mean(), r.gradInputStrokeShare().std(),
                    r.trainSeconds().mean()));
        }
        return csv.toString();
    }

    /** The tables as console text: a title line per table, then its methods' rows. */
    public static List<String> lines(List<Cell> cells) {
        List<String> out = new ArrayList<>();
        byTable(cells).forEach((key, seeds) -> {
            out.add(key + ":");
            DebiasTable.text(DebiasTable.rows(seeds)).forEach(row -> out.add("  " + String.join(" | ", row)));
        });
        return out;
    }
}
