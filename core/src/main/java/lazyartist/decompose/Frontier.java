package lazyartist.decompose;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import lazyartist.OptionException;
import lazyartist.data.ColoredSplit;
import lazyartist.io.ProgressBars;
import me.tongfei.progressbar.ProgressBar;

/**
 * The sparsity–fidelity frontier: one autoencoder per kind and value of the knob that sets its
 * sparsity, all trained on the same tokens and measured on validation digits, so that kinds are
 * compared along a curve and not at one point.
 */
public final class Frontier {

    /** What sets a kind's sparsity. */
    public enum Knob {
        K("k"), L0_COEFFICIENT("l0-coefficient"), L1("l1");

        private final String key;

        Knob(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }

        /** Whether this knob sets the sparsity of a kind. */
        public boolean sets(SparseAutoencoder.Kind kind) {
            return switch (this) {
                case K -> kind == SparseAutoencoder.Kind.TOPK || kind == SparseAutoencoder.Kind.BATCHTOPK
                        || kind == SparseAutoencoder.Kind.MATRYOSHKA;
                case L0_COEFFICIENT -> kind == SparseAutoencoder.Kind.JUMPRELU;
                case L1 -> kind == SparseAutoencoder.Kind.RELU_L1;
            };
        }

        SaeOptions apply(SaeOptions o, double value) {
            return switch (this) {
                case K -> o.withK((int) value);
                case L0_COEFFICIENT -> o.withJumpRelu(value, o.bandwidth());
                case L1 -> o.withL1(value);
            };
        }
    }

    /** A knob and its values, as {@code k=8,16,32,64}. */
    public record Sweep(Knob knob, List<Double> values) {

        public static Sweep parse(String text) {
            int eq = text.indexOf('=');
            String name = eq < 0 ? text : text.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            Knob knob = null;
            for (Knob k : Knob.values()) {
                knob = k.key().equals(name) ? k : knob;
            }
            if (eq < 0 || knob == null) {
                throw new OptionException("{sweep} must look like k=8,16,32,64, l0-coefficient=0.03,0.1,0.3 or"
                        + " l1=1,3,10, got '" + text + "'");
            }
            List<Double> values = new ArrayList<>();
            for (String v : text.substring(eq + 1).split(",")) {
                try {
                    values.add(Double.parseDouble(v.trim()));
                } catch (NumberFormatException e) {
                    throw new OptionException("{sweep} " + name + " has a value that is not a number: '" + v + "'");
                }
            }
            return new Sweep(knob, List.copyOf(values));
        }
    }

    /** One autoencoder on the frontier, measured on validation digits. */
    public record Point(String kind, String knob, double value, double l0, double explainedVariance,
            double ceRecovered, double klScore, double deadShare, double seconds) {}

    private Frontier() {}

    /** The kinds whose sparsity some sweep sets, in the order of {@link SparseAutoencoder.Kind}. */
    public static List<SparseAutoencoder.Kind> kindsFor(List<Sweep> sweeps) {
        return java.util.Arrays.stream(SparseAutoencoder.Kind.values())
                .filter(kind -> sweeps.stream().anyMatch(s -> s.knob().sets(kind))).toList();
    }

    /**
     * Trains and measures one autoencoder per kind and value of the sweep that sets the kind's
     * sparsity; {@code base} gives every other option.
     */
    public static List<Point> run(Stage stage, List<SparseAutoencoder.Kind> kinds, List<Sweep> sweeps, SaeOptions base,
            ColoredSplit train, ColoredSplit val, boolean quiet) {
        List<SaeOptions> plan = new ArrayList<>();
        for (SparseAutoencoder.Kind kind : kinds) {
            Sweep sweep = sweeps.stream().filter(s -> s.knob().sets(kind)).findFirst().orElseThrow(
                    () -> new OptionException("{sweep} sets no knob of " + kind.key() + ": give k=… (topk, batchtopk,"
                            + " matryoshka), l0-coefficient=… (jumprelu) or l1=… (relu-l1)"));
            SaeOptions of = base.withKind(kind);
            for (double v : sweep.values()) {
                SaeOptions o = sweep.knob().apply(of, v);
                o.dictionarySize(stage.width());
                plan.add(o);
            }
        }
        List<Point> points = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager();
                ProgressBar bar = quiet ? null : ProgressBars.create("frontier", plan.size())) {
            NDArray tokens = Decomposition.trainingTokens(stage, train, base.seed(), manager);
            for (SaeOptions o : plan) {
                Knob knob = sweeps.stream().map(Sweep::knob).filter(k -> k.sets(o.kind())).findFirst().orElseThrow();
                SaeTraining.Result trained = SaeTraining.train(tokens, o, true);
                try (SparseAutoencoder sae = trained.sae()) {
                    SaePass.Result pass = SaePass.run(stage, sae, val, Map.of(), false);
                    long dead = java.util.Arrays.stream(pass.firing()).filter(f -> f == 0).count();
                    SaePass.Metrics m = pass.metrics();
                    points.add(new Point(o.kind().key(), knob.key(), value(knob, o), m.l0(), m.explainedVariance(),
                            m.ceRecovered(), m.klScore(), dead / (double) sae.dSae(), trained.seconds()));
                }
                if (bar != null) {
                    bar.step();
                }
            }
        }
        return points;
    }

    private static double value(Knob knob, SaeOptions o) {
        return switch (knob) {
            case K -> o.k();
            case L0_COEFFICIENT -> o.l0Coefficient();
            case L1 -> o.l1();
        };
    }
}
