package lazyartist.task;

import java.nio.file.Path;
import lazyartist.attack.Cloak;
import lazyartist.data.ColoredDataset;
import lazyartist.data.ColoredSplit;

/** Task 5: the invisible cloak, written to {@code <model>/attack/}. */
public final class AttackTask {

    public static final String FOLDER = "attack";

    private AttackTask() {}

    /** Attacks the digits of {@code split}; universal perturbations are fitted on the training split. */
    public static Cloak.Result run(Subject s, String split, Cloak.Plan plan, Path out, String command) {
        ColoredSplit images = s.split(split);
        ColoredSplit train = plan.universal().isEmpty() ? images : s.split(ColoredDataset.TRAIN);
        Cloak.Result result = Cloak.run(s.loaded().net(), images, train, plan);
        String[] used = plan.universal().isEmpty() ? new String[] {split} : new String[] {split, ColoredDataset.TRAIN};
        AttackFiles.write(s.out(out, FOLDER), s.name(), split, result, s.provenance(command, used));
        return result;
    }
}
