package lazyartist.attack;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import lazyartist.model.TappedNetwork;

/** Success-vs-ε curves: every attack, then the suite, at every budget of a grid. */
final class Curves {

    private Curves() {}

    /**
     * The outcomes at ε that the curves would measure again: run on every image with settings that read as
     * the curves' ({@link Attack#reads}), in the batches the curves use, so their first rows are
     * what the curves would get (an image's draws depend on its id, and an attack stops early only on a
     * whole batch); cut to the searched images and judged there.
     */
    static List<Outcome> repeated(TappedNetwork net, Targets t, Targets searched, int to,
            List<Outcome> atEpsilon, Settings s, Settings curve) {
        int batch = net.batchFor(SavedImages.BATCH);
        if (searched.size() != t.size() && searched.size() % batch != 0) {
            return List.of();
        }
        int[] aims = new int[searched.size()];
        Arrays.fill(aims, to);
        List<Outcome> out = new ArrayList<>();
        for (Outcome o : atEpsilon) {
            if (o.attack().equals(Suite.KEY) || !o.onEveryImage() || o.adversarial() == null) {
                continue;
            }
            Attack attack = Attack.of(o.attack());
            if (attack.reads(s).equals(attack.reads(curve))) {
                long began = System.nanoTime();
                byte[] head = Arrays.copyOf(o.adversarial(), searched.clean().length);
                out.add(SavedImages.judge(net, o.attack(), s.norm(), o.epsilon(), searched, aims, true, head,
                        s.confidence(), (System.nanoTime() - began) / 1e9));
            }
        }
        return out;
    }

    /**
     * Every attack, then the suite, at every budget of a grid: the success-vs-ε curves, with the suite's
     * attacks that ran only on what its earlier ones left. Outcomes in {@code known} (on these images) are
     * taken instead of run again.
     */
    static List<Outcome> measure(TappedNetwork net, Targets t, List<Attack> attacks, Suite suite, int to,
            List<Double> epsilons, Settings s, List<Outcome> known) {
        List<Outcome> out = new ArrayList<>();
        for (double epsilon : epsilons) {
            List<Outcome> here = new ArrayList<>(known.stream().filter(k -> k.epsilon() == epsilon).toList());
            for (Attack attack : attacks) {
                if (here.stream().noneMatch(k -> k.attack().equals(attack.key()))) {
                    here.add(SavedImages.run(net, t, to, epsilon, attack, s));
                }
            }
            if (suite != null) {
                Suite.Verdict v = Cloak.suite(net, suite, t, to, epsilon, here, s);
                here.addAll(v.ran());
                here.add(v.outcome());
            }
            here.forEach(o -> out.add(o.withoutImages()));
        }
        out.sort(Comparator.comparing(Outcome::attack, Comparator.comparingInt(a -> order(a, attacks)))
                .thenComparingDouble(Outcome::epsilon));
        return out;
    }

    private static int order(String attack, List<Attack> attacks) {
        for (int i = 0; i < attacks.size(); i++) {
            if (attacks.get(i).key().equals(attack)) {
                return i;
            }
        }
        return attacks.size();
    }
}
