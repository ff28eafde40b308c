package lazyartist.explain;

import java.util.List;
import lazyartist.LabException;

/** The attribution methods by their command-line names. */
public final class Methods {

    public static final List<String> NAMES = List.of("gradcam", "gradcam++", "hirescam", "saliency", "gradxinput",
            "integrated-gradients");

    /** The methods that need a convolutional stage. */
    public static final List<String> CAM = List.of("gradcam", "gradcam++", "hirescam");

    private Methods() {}

    /**
     * The method of a name; CAM methods look at {@code stage}, integrated gradients uses the
     * baseline and step count given.
     */
    public static AttributionMethod of(String name, String stage, IntegratedGradients.Baseline baseline, int steps) {
        return switch (name) {
            case "gradcam" -> new GradCam(stage);
            case "gradcam++" -> new GradCamPlusPlus(stage);
            case "hirescam" -> new HiResCam(stage);
            case "saliency" -> new Saliency();
            case "gradxinput" -> new GradientTimesInput();
            case "integrated-gradients" -> new IntegratedGradients(baseline, steps);
            default -> throw new LabException("unknown method '" + name + "'; choose from " + String.join(", ", NAMES));
        };
    }
}
