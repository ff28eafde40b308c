package lazyartist.attack;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import lazyartist.LabException;
import lazyartist.OptionException;
import lazyartist.data.ColoredSplit;
import lazyartist.model.TappedNetwork;

/**
 * The invisible cloak: turn one digit into another. The first images of digit {@code from} that the
 * network reads right are attacked toward {@code to} by each attack, in each norm, and by the suite;
 * then the success-vs-ε curves, each image's minimal ε, the untargeted robust accuracy, the masking
 * flags, universal perturbations and the 10 × 10 source→target matrix, as the plan asks. Every
 * adversarial image is saved as uint8 and judged as saved ({@link SavedImages}).
 */
public final class Cloak {

    private Cloak() {}

    /**
     * What to attack and how hard.
     *
     * @param epsilon the L∞ budget
     * @param l2Epsilon the L2 budget, in [0, 1] pixel units over all 2,352 values
     */
    public record Options(int from, int to, double epsilon, double l2Epsilon, Settings settings, int images) {

        public Options {
            if (from < 0 || from > 9 || to < 0 || to > 9 || from == to) {
                throw new OptionException("{from} and {to} must be two different digits 0-9, got " + from + " and "
                        + to);
            }
            Norm.LINF.check(epsilon);
            Norm.L2.check(l2Epsilon);
            if (images < 1) {
                throw new OptionException("{images} must be at least 1, got " + images);
            }
        }

        /** The budget in a norm. */
        public double epsilon(Norm norm) {
            return norm == Norm.LINF ? epsilon : l2Epsilon;
        }
    }

    /**
     * What to measure: the attacks (each in every norm it supports) and the suite (null: none) at ε;
     * success-vs-ε curves over each norm's grid (empty: none) and each image's minimal ε, both on the
     * first {@code searchImages} images; untargeted robust accuracy on the split's first
     * {@code robustImages} images (0: none; needs the suite); universal perturbations at some L∞ budgets
     * (empty: none); the 10 × 10 source→target matrix. The curves, the search, the robust accuracy and
     * the matrix use one start of each attack and {@code searchQueries} Square queries.
     */
    public record Plan(Options options, List<Attack> attacks, List<Norm> norms, Suite suite, List<Double> linfGrid,
            List<Double> l2Grid, boolean minimalEpsilon, int searchImages, int searchQueries, int robustImages,
            List<Double> universal, boolean matrix, int matrixImages) {

        public Plan {
            if (attacks.isEmpty() && suite == null) {
                throw new OptionException("name at least one attack ({methods}) or a suite ({suite})");
            }
            if (norms.isEmpty()) {
                throw new OptionException("name at least one norm ({norm} linf,l2)");
            }
            if (searchImages < 1) {
                throw new LabException("the ε grid and search need at least one image, got " + searchImages);
            }
            if (searchQueries < 1) {
                throw new OptionException("{searchQueries} must be at least 1, got " + searchQueries);
            }
            if (robustImages < 0 || robustImages > 0 && suite == null) {
                throw new OptionException("robust accuracy runs the suite: pass {suite} reliable, or {robustImages} 0");
            }
            linfGrid.forEach(Norm.LINF::check);
            l2Grid.forEach(Norm.L2::check);
            universal.forEach(Norm.LINF::check);
            if (matrix && matrixImages < 1) {
                throw new LabException("the source→target matrix needs at least one image per digit");
            }
        }

        /** The grid of a norm. */
        public List<Double> grid(Norm norm) {
            return norm == Norm.LINF ? linfGrid : l2Grid;
        }

        /** The largest budget of a norm's grid, else its ε: where the minimal-ε search starts. */
        double maxEpsilon(Norm norm) {
            return grid(norm).stream().mapToDouble(Double::doubleValue).max().orElse(options.epsilon(norm));
        }
    }

    /**
     * One norm's measurements. {@code strongest} is the single attack that fools the most images over
     * the whole grid (ties: at ε, then the higher mean target probability).
     *
     * @param outcomes each attack at ε, then the suite's (attack {@link Suite#KEY})
     * @param curves each attack, then the suite, at each budget of the grid
     * @param curveSuite the suite's attacks its curve ran: the whole suite where Square added a success at
     *     ε, else its white-box half
     * @param minimal each image's smallest fooling ε, by the suite (else the strongest attack)
     * @param robust untargeted robust accuracy at ε (null: not measured)
     */
    public record PerNorm(String norm, double epsilon, List<Outcome> outcomes, List<Outcome> curves,
            List<String> curveSuite, String strongest, MinimalEpsilon minimal, RobustAccuracy robust) {}

    /** Everything measured; {@code flags} are the masking symptoms found ({@link MaskingFlags}). */
    public record Result(Plan plan, Targets targets, List<PerNorm> norms, List<MaskingFlags.Flag> flags,
            List<Universal> universal, double[][] matrix) {

        /** The measurements in a norm, if made. */
        public PerNorm in(Norm norm) {
            return norms.stream().filter(p -> p.norm().equals(norm.key())).findFirst().orElse(null);
        }
    }

    /** Runs a plan: attacks on {@code split}'s digits, universal perturbations fitted on {@code train}. */
    public static Result run(TappedNetwork net, ColoredSplit split, ColoredSplit train, Plan plan) {
        Options o = plan.options();
        Targets t = Targets.readRight(net, split, o.from(), o.images());
        Targets searched = t.head(plan.searchImages());
        List<PerNorm> norms = new ArrayList<>();
        List<MaskingFlags.Flag> flags = new ArrayList<>();
        flags.add(MaskingFlags.zeroGradient(net, t, o.to(), o.settings()));
        for (Norm norm : plan.norms()) {
            Settings s = o.settings().withNorm(norm);
            Settings oneStart = s.withRestarts(1).withQueries(plan.searchQueries());
            double epsilon = o.epsilon(norm);
            List<Attack> attacks = plan.attacks().stream().filter(a -> a.supports(norm)).toList();
            List<Outcome> outcomes = new ArrayList<>();
            for (Attack attack : attacks) {
                outcomes.add(SavedImages.run(net, t, o.to(), epsilon, attack, s));
            }
            Suite.Verdict suite = plan.suite() == null ? null : suite(net, plan.suite(), t, o.to(), epsilon, outcomes, s);
            if (suite != null) {
                outcomes.addAll(suite.ran());
            }
            Suite curveSuite = plan.suite() == null || squareAdded(suite) ? plan.suite() : plan.suite().whiteBox();
            List<Outcome> tries = Curves.measure(net, searched, attacks, curveSuite, o.to(), plan.grid(norm), oneStart,
                    Curves.repeated(net, t, searched, o.to(), outcomes, s, oneStart));
            // The suite's attacks that run only on what its earlier ones left have no curve of their own.
            List<Outcome> curves = tries.stream().filter(c -> c.attack().equals(Suite.KEY)
                    || attacks.stream().anyMatch(a -> a.key().equals(c.attack()))).toList();
            Attack strongest = attacks.isEmpty() ? null : strongest(outcomes, curves);
            MinimalEpsilon minimal = null;
            if (plan.minimalEpsilon()) {
                List<Outcome> tried = curves.stream().filter(c -> c.attack().equals(
                        plan.suite() != null ? Suite.KEY : strongest.key())).toList();
                if (plan.suite() != null) {
                    Suite searching = blackBoxAdds(outcomes, tries) ? plan.suite() : plan.suite().whiteBox();
                    minimal = MinimalEpsilon.search(searching == plan.suite() ? Suite.KEY : searching.name(), norm,
                            searched.size(), plan.maxEpsilon(norm), tried,
                            MinimalEpsilon.suiteOracle(net, searching, searched, o.to(), oneStart));
                } else {
                    minimal = MinimalEpsilon.search(strongest.key(), norm, searched.size(), plan.maxEpsilon(norm),
                            tried, MinimalEpsilon.attackOracle(net, strongest, searched, o.to(), oneStart));
                }
            }
            RobustAccuracy robust = plan.robustImages() > 0 ? RobustAccuracy.measure(net,
                    Targets.first(net, split, plan.robustImages()), plan.suite(), epsilon, oneStart) : null;
            if (suite != null) {
                outcomes.add(suite.outcome());
                flags.add(MaskingFlags.seedDependence(net, t, suite.outcome(), o.to(), s.confidence()));
            }
            flags.add(MaskingFlags.blackBoxBeatsWhiteBox(t, outcomes, norm));
            if (plan.suite() != null) {
                flags.add(MaskingFlags.notRisingWithEpsilon(searched, curves.stream()
                        .filter(c -> c.attack().equals(Suite.KEY)).toList(), norm));
            }
            norms.add(new PerNorm(norm.key(), epsilon, outcomes, curves, curveSuite == null ? List.of()
                    : curveSuite.attacks().stream().map(Attack::key).toList(), strongest == null ? null
                    : strongest.key(), minimal, robust));
        }
        List<Universal> universal = new ArrayList<>();
        if (!plan.universal().isEmpty()) {
            Targets heldOut = Targets.readRight(net, split, o.from(), Integer.MAX_VALUE);
            for (double epsilon : plan.universal()) {
                universal.add(Universal.fit(net, train, heldOut, o.from(), o.to(), epsilon, o.settings()));
            }
        }
        PerNorm linf = norms.stream().filter(p -> p.norm().equals(Norm.LINF.key())).findFirst().orElse(null);
        double[][] matrix = plan.matrix() && linf != null && linf.strongest() != null
                ? SourceTargetMatrix.measure(net, split, Attack.of(linf.strongest()), o.epsilon(),
                        o.settings().withRestarts(1), plan.matrixImages()) : null;
        return new Result(plan, t, norms, flags.stream().filter(Objects::nonNull).toList(), universal, matrix);
    }

    /**
     * Whether the suite's black box fooled any image at ε that its gradient attacks left. Where Square,
     * with its full queries, adds nothing there, the gradients show no sign of masking and the curves run
     * the suite's white-box half alone: the black box's queries are most of the suite's cost.
     */
    static boolean squareAdded(Suite.Verdict suite) {
        return suite != null && java.util.Arrays.stream(suite.fooledBy()).anyMatch(a -> a != null
                && !Attack.of(a).usesGradients());
    }

    /**
     * Whether a black-box attack fooled, at ε or anywhere on the grid, an image that no gradient attack
     * fooled at the same budget: only then is the minimal-ε search worth the black box's queries.
     */
    static boolean blackBoxAdds(List<Outcome> atEpsilon, List<Outcome> curves) {
        List<Outcome> all = new ArrayList<>(atEpsilon);
        all.addAll(curves);
        for (Outcome black : all) {
            if (black.attack().equals(Suite.KEY) || Attack.of(black.attack()).usesGradients()) {
                continue;
            }
            List<Outcome> white = all.stream().filter(w -> w.epsilon() == black.epsilon()
                    && !w.attack().equals(Suite.KEY) && Attack.of(w.attack()).usesGradients()).toList();
            for (int i = 0; i < black.fooled().length; i++) {
                int image = i;
                if (black.fooled()[i] && white.stream().noneMatch(w -> w.fooled().length > image && w.fooled()[image])) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The suite at one budget, reusing the outcomes of its attacks that already ran on every image. */
    static Suite.Verdict suite(TappedNetwork net, Suite suite, Targets t, int to, double epsilon,
            List<Outcome> outcomes, Settings s) {
        float[] budgets = new float[t.size()];
        Arrays.fill(budgets, (float) epsilon);
        return suite.run(net, t, to, budgets, epsilon, s, outcomes);
    }

    /**
     * The single attack that fools the most images over the whole ε grid (ties: at ε, then the higher
     * mean target probability): a cheater that no attack fools at ε may still fall to one at 0.2.
     */
    static Attack strongest(List<Outcome> outcomes, List<Outcome> curves) {
        Map<String, Double> area = new HashMap<>();
        curves.forEach(c -> area.merge(c.attack(), c.successRate(), Double::sum));
        Outcome best = outcomes.stream().filter(x -> !x.attack().equals(Suite.KEY) && x.onEveryImage()).max(Comparator
                .comparingDouble((Outcome x) -> area.getOrDefault(x.attack(), 0.0))
                .thenComparingDouble(Outcome::successRate).thenComparingDouble(Outcome::meanTargetConfidence))
                .orElseThrow();
        return Attack.of(best.attack());
    }
}
