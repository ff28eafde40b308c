package lazyartist.attack;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import lazyartist.LabException;
import lazyartist.model.TappedNetwork;

/**
 * Attacks in turn, AutoAttack's way: each runs only on the images every earlier one failed on, and
 * an image counts as fooled by the first that succeeds. The {@code reliable} suite is APGD-CE, then
 * APGD-DLR, then the Square Attack: two white-box losses and a black box that reads no gradient.
 */
public final class Suite {

    /** The name the suite's outcomes go by in tables and files. */
    public static final String KEY = "suite";
    public static final List<String> RELIABLE = List.of("apgd-ce", "apgd-dlr", "square");

    private final List<Attack> attacks;

    private Suite(List<Attack> attacks) {
        this.attacks = List.copyOf(attacks);
    }

    /** The suite of a name: {@code reliable}. */
    public static Suite of(String name) {
        if (!name.strip().toLowerCase(Locale.ROOT).equals("reliable")) {
            throw new LabException("--suite must be reliable (APGD-CE, APGD-DLR, Square), got '" + name + "'");
        }
        return new Suite(RELIABLE.stream().map(Attack::of).toList());
    }

    public List<Attack> attacks() {
        return attacks;
    }

    /** The suite's gradient attacks alone. */
    public Suite whiteBox() {
        return new Suite(attacks.stream().filter(Attack::usesGradients).toList());
    }

    /** The suite's name: {@link #KEY} for the whole, else its attacks joined by '+'. */
    public String name() {
        return String.join("+", attacks.stream().map(Attack::key).toList());
    }

    /** The suite's verdict: its outcome (attack {@link #KEY}) and, per image, the attack that fooled it (null: none). */
    public record Verdict(Outcome outcome, String[] fooledBy) {}

    /** The suite on the targets, each image within its own budget, toward {@code to} (null: untargeted). */
    public Verdict run(TappedNetwork net, Targets t, Integer to, float[] budgets, double epsilon, Settings s) {
        long start = System.nanoTime();
        int n = t.size();
        int[] aims = new int[n];
        Arrays.fill(aims, to == null ? -1 : to);
        byte[] adversarial = t.clean().clone();
        String[] fooledBy = new String[n];
        int[] open = IntStream.range(0, n).toArray();
        for (Attack attack : attacks) {
            if (open.length == 0) {
                break;
            }
            Targets rest = t.rows(open);
            float[] restBudgets = pick(budgets, open);
            int[] restAims = Arrays.copyOf(aims, open.length);
            byte[] moved = SavedImages.attack(net, rest, restAims, to != null, restBudgets, attack, s);
            Outcome o = SavedImages.judge(net, attack.key(), s.norm(), epsilon, rest, restAims, to != null, moved,
                    s.confidence(), 0);
            List<Integer> still = new ArrayList<>();
            for (int k = 0; k < open.length; k++) {
                int i = open[k];
                System.arraycopy(moved, k * lazyartist.data.Pixels.VALUES, adversarial, i * lazyartist.data.Pixels.VALUES,
                        lazyartist.data.Pixels.VALUES);
                if (o.fooled()[k]) {
                    fooledBy[i] = attack.key();
                } else {
                    still.add(i);
                }
            }
            open = still.stream().mapToInt(Integer::intValue).toArray();
        }
        Outcome all = SavedImages.judge(net, KEY, s.norm(), epsilon, t, aims, to != null, adversarial, s.confidence(),
                (System.nanoTime() - start) / 1e9);
        return new Verdict(all, fooledBy);
    }

    /**
     * The suite's verdict from its attacks' own outcomes on every image at one budget (each run on all
     * of them): an image goes to the first attack, in the suite's order, that fooled it. Each image's
     * random draws depend on its id alone, so this is what running the suite gives.
     */
    public Verdict combine(List<Outcome> outcomes) {
        List<Outcome> ordered = new ArrayList<>();
        for (Attack a : attacks) {
            ordered.add(outcomes.stream().filter(o -> o.attack().equals(a.key())).findFirst().orElseThrow(
                    () -> new IllegalArgumentException("no outcome of " + a.key() + " to build the suite from")));
        }
        Outcome first = ordered.get(0);
        int n = first.predicted().length;
        String[] fooledBy = new String[n];
        int[] predicted = new int[n];
        float[] confidence = new float[n];
        boolean[] fooled = new boolean[n];
        byte[] adversarial = first.adversarial() == null ? null : new byte[first.adversarial().length];
        int size = lazyartist.data.Pixels.VALUES;
        double seconds = 0;
        double largest = 0;
        for (Outcome o : ordered) {
            seconds += o.seconds();
            largest = Math.max(largest, o.maxChange());
        }
        for (int i = 0; i < n; i++) {
            // Fooled: the first attack that did; not fooled: the last attack's image, as running the suite leaves it.
            Outcome chosen = ordered.get(ordered.size() - 1);
            for (Outcome o : ordered) {
                if (o.fooled()[i]) {
                    chosen = o;
                    fooledBy[i] = o.attack();
                    break;
                }
            }
            predicted[i] = chosen.predicted()[i];
            confidence[i] = chosen.targetConfidence()[i];
            fooled[i] = chosen.fooled()[i];
            if (adversarial != null && chosen.adversarial() != null) {
                System.arraycopy(chosen.adversarial(), i * size, adversarial, i * size, size);
            }
        }
        int count = 0;
        double sum = 0;
        for (int i = 0; i < n; i++) {
            count += fooled[i] ? 1 : 0;
            sum += confidence[i];
        }
        Outcome all = new Outcome(KEY, first.norm(), first.epsilon(), n == 0 ? 0 : count / (double) n,
                n == 0 ? 0 : sum / n, largest, seconds, predicted, confidence, fooled, adversarial);
        return new Verdict(all, fooledBy);
    }

    private static float[] pick(float[] values, int[] which) {
        float[] out = new float[which.length];
        for (int k = 0; k < which.length; k++) {
            out[k] = values[which[k]];
        }
        return out;
    }
}
