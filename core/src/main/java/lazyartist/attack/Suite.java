package lazyartist.attack;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import lazyartist.OptionException;
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
            throw new OptionException("{suite} must be reliable (APGD-CE, APGD-DLR, Square), got '" + name + "'");
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

    /**
     * The suite's verdict: its outcome (attack {@link #KEY}); per image, the attack that fooled it (null:
     * none); and the outcomes of the attacks this run ran, each on the images the earlier ones left.
     */
    public record Verdict(Outcome outcome, String[] fooledBy, List<Outcome> ran) {}

    /** The suite on the targets, each image within its own budget, toward {@code to} (null: untargeted). */
    public Verdict run(TappedNetwork net, Targets t, Integer to, float[] budgets, double epsilon, Settings s) {
        return run(net, t, to, budgets, epsilon, s, List.of());
    }

    /**
     * The suite, reusing {@code known}: outcomes of its attacks already measured on every target at this
     * budget. Each image's random draws depend on its id alone, so an attack's result on an image is the
     * same whether it ran on all of them or on what the earlier attacks left.
     */
    public Verdict run(TappedNetwork net, Targets t, Integer to, float[] budgets, double epsilon, Settings s,
            List<Outcome> known) {
        int n = t.size();
        int[] aims = new int[n];
        Arrays.fill(aims, to == null ? -1 : to);
        List<Outcome> ordered = new ArrayList<>();
        List<Outcome> ran = new ArrayList<>();
        boolean[] fooled = new boolean[n];
        int[] open = IntStream.range(0, n).toArray();
        for (Attack attack : attacks) {
            if (open.length == 0) {
                break;
            }
            Outcome o = known.stream().filter(k -> k.attack().equals(attack.key()) && k.onEveryImage()).findFirst()
                    .orElse(null);
            if (o == null) {
                Targets rest = t.rows(open);
                int[] restAims = Arrays.copyOf(aims, open.length);
                long began = System.nanoTime();
                byte[] moved = SavedImages.attack(net, rest, restAims, to != null, pick(budgets, open), attack, s);
                o = SavedImages.judge(net, attack.key(), s.norm(), epsilon, rest, restAims, to != null, moved,
                        s.confidence(), (System.nanoTime() - began) / 1e9).onRows(open, n, t.clean(), t.labels());
                ran.add(o);
            }
            ordered.add(o);
            for (int i : open) {
                fooled[i] |= o.fooled()[i];
            }
            open = IntStream.of(open).filter(i -> !fooled[i]).toArray();
        }
        return verdict(ordered, n, ran);
    }

    /**
     * Each image goes to the first attack, in the suite's order, that fooled it; an image nobody fooled
     * keeps the last attack's image, as running the suite leaves it.
     */
    private static Verdict verdict(List<Outcome> ordered, int n, List<Outcome> ran) {
        Outcome first = ordered.get(0);
        String[] fooledBy = new String[n];
        int[] predicted = new int[n];
        float[] confidence = new float[n];
        boolean[] fooled = new boolean[n];
        byte[] adversarial = first.adversarial() == null ? null : new byte[first.adversarial().length];
        int size = lazyartist.data.Pixels.VALUES;
        double largest = 0;
        double seconds = 0;
        for (Outcome o : ordered) {
            largest = Math.max(largest, o.maxChange());
            seconds += o.seconds();
        }
        for (int i = 0; i < n; i++) {
            Outcome chosen = null;
            for (Outcome o : ordered) {
                if (o.attacked() == null || o.attacked()[i]) {
                    chosen = o;
                    if (o.fooled()[i]) {
                        fooledBy[i] = o.attack();
                        break;
                    }
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
                n == 0 ? 0 : sum / n, largest, seconds, predicted, confidence, fooled, adversarial, null);
        return new Verdict(all, fooledBy, ran);
    }

    private static float[] pick(float[] values, int[] which) {
        float[] out = new float[which.length];
        for (int k = 0; k < which.length; k++) {
            out[k] = values[which[k]];
        }
        return out;
    }
}
