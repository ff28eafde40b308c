package lazyartist.explain;

import java.util.List;
import lazyartist.LabException;

/** The attribution methods by their command-line names. */
public final class Methods {

    public static final List<String> NAMES = List.of("gradcam", "gradcam++", "hirescam", "scorecam", "saliency",
            "gradxinput", "integrated-gradients", "smoothgrad", "smoothgrad-sq", "occlusion");

    /** The methods that need a convolutional stage. */
    public static final List<String> CAM = List.of("gradcam", "gradcam++", "hirescam", "scorecam");

    /** The methods that read no gradient. */
    public static final List<String> GRADIENT_FREE = List.of("scorecam", "occlusion");

    /** The methods SmoothGrad can smooth: those that differentiate the input. */
    public static final List<String> SMOOTHABLE = List.of("saliency", "gradxinput", "integrated-gradients");

    private Methods() {}

    /** The method of a name; CAM methods look at the settings' stage. */
    public static AttributionMethod of(String name, MapSettings s) {
        return switch (name) {
            case "gradcam" -> new GradCam(s.stage());
            case "gradcam++" -> new GradCamPlusPlus(s.stage());
            case "hirescam" -> new HiResCam(s.stage());
            case "scorecam" -> new ScoreCam(s.stage(), s.camChannels());
            case "saliency" -> new Saliency();
            case "gradxinput" -> new GradientTimesInput();
            case "integrated-gradients" -> new IntegratedGradients(s.baseline(), s.steps());
            case "smoothgrad", "smoothgrad-sq" -> new SmoothGrad(of(s.smoothBase(), s), s.noiseSamples(),
                    s.noiseSigma(), name.equals("smoothgrad-sq"), MapSettings.NOISE_SEED);
            case "occlusion" -> new Occlusion(s.patch(), s.stride(), Occlusion.Score.PROBABILITY);
            default -> throw new LabException("unknown method '" + name + "'; choose from " + String.join(", ", NAMES));
        };
    }
}
