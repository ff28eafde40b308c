package lazyartist.task;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import lazyartist.LabException;
import lazyartist.OptionException;
import lazyartist.data.ColoredSplit;
import lazyartist.data.Palette;
import lazyartist.probe.Probing;
import lazyartist.probe.Render;
import lazyartist.probe.Unit;
import lazyartist.probe.Views;

/** Task 2: what a model's channels see, written to {@code <model>/probe/}. */
public final class ProbeTask {

    public static final String FOLDER = "probe";

    /**
     * @param k top-activating digits per channel
     * @param what top, maximise and any of {@link Views#NAMES}
     * @param image the digit the per-image views use
     */
    public record Options(String split, int k, Unit unit, Render render, Set<String> what, int image,
            int[] dreamSteps) {}

    /** The probe and the seconds each per-image view took. */
    public record Outcome(Probing.Result probing, Map<String, Double> viewSeconds) {}

    private ProbeTask() {}

    public static Outcome run(Subject s, Options o, Path out, String command) {
        if (Probing.stages(s.loaded().net()).isEmpty()) {
            throw new LabException(s.loaded().card().architecture() + " has no feature maps to probe");
        }
        ColoredSplit split = s.split(o.split());
        if (o.image() < 0 || o.image() >= split.size()) {
            throw new OptionException("{image} " + o.image() + " is outside the split (0.." + (split.size() - 1) + ")");
        }
        Probing.Result result = Probing.run(s.loaded().net(), split, o.k(), o.unit(), o.render(),
                o.what().contains("maximise"));
        Path dir = s.out(out, FOLDER);
        Views views = Views.compute(s.loaded().net(), split, o.image(), o.render(), o.dreamSteps(), o.what());
        ProbeViews.write(dir, s.name(), split, views);
        ProbeFiles.write(dir, s.name(), split, o.k(), o.unit().key(), o.render(), result, Palette.defaults(),
                views.seconds(), s.provenance(command, o.split()));
        return new Outcome(result, views.seconds());
    }
}
