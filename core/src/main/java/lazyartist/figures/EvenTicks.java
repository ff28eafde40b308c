package lazyartist.figures;

import java.util.Collection;
import java.util.List;
import java.util.function.Function;
import org.knowm.xchart.XYChart;

/**
 * An x axis whose values (a grid of budgets, the conflicting shares) sit evenly apart, each labelled
 * with its own value: a logarithmic axis labels only its decades, one tick for a 0.005–0.3 grid.
 */
public final class EvenTicks {

    private final List<Double> values;

    public EvenTicks(Collection<Double> values) {
        this.values = values.stream().distinct().sorted().toList();
    }

    /** Where each value sits on the axis. */
    public List<Double> positions(List<Double> of) {
        return of.stream().map(v -> (double) values.indexOf(v)).toList();
    }

    /** Labels every value's position with {@code text} of the value, and nothing in between. */
    public void label(XYChart chart, Function<Double, String> text) {
        chart.setCustomXAxisTickLabelsFormatter(x -> {
            int k = (int) Math.round(x);
            return Math.abs(x - k) < 1e-9 && k >= 0 && k < values.size() ? text.apply(values.get(k)) : "";
        });
    }
}
