package lazyartist.cli;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import lazyartist.explain.Explanation;
import lazyartist.explain.GradCam;
import lazyartist.explain.StrokeShare;
import lazyartist.explain.Target;
import lazyartist.model.Architecture;
import lazyartist.model.ModelStore;
import lazyartist.model.TappedNetwork;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Seconds to explain a number of images with Grad-CAM (weights do not change the cost). */
@Command(name = "explain", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "Seconds for Grad-CAM maps and scores of N random images (no deletion curve).")
final class BenchExplainCommand implements Callable<Integer> {

    @Option(names = "--arch", defaultValue = "lazy", description = "Architecture to time.")
    String arch;

    @Option(names = "--images", defaultValue = "1000", description = "Images to explain.")
    int images;

    @Option(names = "--repeats", defaultValue = "5", description = "Timed runs after one warm-up.")
    int repeats;

    @Override
    public Integer call() {
        Architecture architecture = Architecture.of(arch);
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(1);
            TappedNetwork net = ModelStore.initialised(architecture, manager);
            var split = BenchTrainCommand.randomSplit(images, 3);
            int[] all = IntStream.range(0, images).toArray();
            GradCam gradCam = new GradCam(architecture.lastSpatialStage().orElseThrow(
                    () -> new lazyartist.LabException(arch + " has no convolutional stage for Grad-CAM")));
            double best = Double.MAX_VALUE;
            double[] seconds = new double[repeats];
            for (int r = -1; r < repeats; r++) {
                Explanation.Result result = Explanation.run(net, split, all, gradCam, Target.PREDICTED,
                        StrokeShare.DEFAULT_THRESHOLD, false);
                if (r >= 0) {
                    seconds[r] = result.seconds();
                    best = Math.min(best, result.seconds());
                }
            }
            java.util.Arrays.sort(seconds);
            System.out.printf("explain %s gradcam: %d images in %.2f s median (best %.2f s) on %d cores%n",
                    architecture.key(), images, seconds[repeats / 2], best, Runtime.getRuntime().availableProcessors());
        }
        return 0;
    }
}
