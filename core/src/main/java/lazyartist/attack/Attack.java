package lazyartist.attack;

import ai.djl.ndarray.NDArray;
import java.util.List;
import lazyartist.LabException;
import lazyartist.model.TappedNetwork;

/**
 * An attack: images moved, each within its own budget in the settings' norm and staying in [0, 1],
 * toward the goal. Attacks know nothing of each other; {@link Suite} runs several in turn.
 */
public interface Attack {

    /** Every attack, by command-line name. */
    List<Attack> ALL = List.of(new Fgsm(), new Pgd(), new DeepFool(), new Apgd(Loss.CE), new Apgd(Loss.DLR),
            new Square());

    /** The name used on the command line and in {@code attack.json}. */
    String key();

    /** Whether the attack reads the model's gradients (white box) or only its probabilities (black box). */
    boolean usesGradients();

    /** Whether the attack can move in this norm. */
    default boolean supports(Norm norm) {
        return true;
    }

    /**
     * The settings the attack's images depend on, the others at their defaults: settings that read the
     * same give the same images. A gradient attack reads all but Square's queries.
     */
    default Settings reads(Settings s) {
        return s.withQueries(Settings.DEFAULTS.queries());
    }

    /** Adversarial versions of the goal's images (N×3×28×28), each within its budget. */
    NDArray run(TappedNetwork net, Goal goal, Settings s);

    static Attack of(String key) {
        for (Attack a : ALL) {
            if (a.key().equalsIgnoreCase(key.strip())) {
                return a;
            }
        }
        throw new LabException("unknown attack '" + key + "'; choose from " + keys());
    }

    /** Every attack's name, comma-separated. */
    static String keys() {
        return String.join(", ", ALL.stream().map(Attack::key).toList());
    }
}
