package lazyartist.sweep;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import lazyartist.sweep.Grid.Axis;

/**
 * One run of a sweep: a value for each axis. The data axes name the data set it trains on, shared
 * with every run of the same data; the others are the options of one single-seed {@code debias} run.
 */
public record SweepRun(Map<Axis, String> values) implements Serializable {

    public SweepRun {
        values = new EnumMap<>(values);
    }

    /** The data set's folder name, from every data axis: {@code background_bias-0.95_hard-policy-never_data-seed-42}. */
    public String dataKey() {
        return values.get(Axis.MODE) + values.entrySet().stream().filter(e -> e.getKey().data() && e.getKey() != Axis.MODE)
                .map(e -> "_" + e.getKey().key + "-" + e.getValue()).collect(Collectors.joining());
    }

    /** The run's folder name, from its training axes: {@code method-penalty_seed-42}. */
    public String runKey() {
        return training().entrySet().stream().map(e -> e.getKey().key + "-" + e.getValue()).collect(Collectors.joining("_"));
    }

    /** The run's folder below the sweep's {@code runs/}. */
    public String path() {
        return dataKey() + "/" + runKey();
    }

    /** The cell whose seeds it joins: every axis but the seed, as axis → value. */
    public Map<String, String> cell() {
        Map<String, String> cell = named();
        cell.remove(Axis.SEED.key);
        return cell;
    }

    /** The table it appears in: every axis but the method and the seed, as a folder name. */
    public String tableKey() {
        return dataKey() + training().entrySet().stream().filter(e -> e.getKey() != Axis.METHOD && e.getKey() != Axis.SEED)
                .map(e -> "_" + e.getKey().key + "-" + e.getValue()).collect(Collectors.joining());
    }

    /** The arguments of {@code lazy-artist generate} that write its data set's folder under {@code out}. */
    public List<String> generateArgs(String mnist, String out) {
        List<String> args = new ArrayList<>(List.of("generate", "--out", out));
        values.forEach((a, v) -> {
            if (a.data()) {
                args.addAll(List.of(a.flag, v));
            }
        });
        if (mnist != null) {
            args.addAll(List.of("--mnist", mnist));
        }
        return args;
    }

    /** The arguments of {@code lazy-artist debias} that train it, one seed, on {@code data} into {@code out}. */
    public List<String> debiasArgs(String data, String out) {
        List<String> args = new ArrayList<>(List.of("debias", "--data", data, "--out", out, "--seeds", "1"));
        training().forEach((a, v) -> args.addAll(List.of(a.flag, v)));
        return args;
    }

    /** Its axis → value, in the axes' order, for the run's record. */
    public Map<String, String> named() {
        Map<String, String> out = new LinkedHashMap<>();
        values.forEach((a, v) -> out.put(a.key, v));
        return out;
    }

    private Map<Axis, String> training() {
        Map<Axis, String> t = new EnumMap<>(Axis.class);
        values.forEach((a, v) -> {
            if (!a.data()) {
                t.put(a, v);
            }
        });
        return t;
    }
}
