package lazyartist.cli;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import lazyartist.LabException;
import lazyartist.data.ColoredSplit;
import lazyartist.explain.AttributionMethod;
import lazyartist.explain.Explanation;
import lazyartist.explain.MapSettings;
import lazyartist.explain.Methods;
import lazyartist.explain.SanityCheck;
import lazyartist.explain.StrokeShare;
import lazyartist.explain.Target;
import lazyartist.model.Architecture;
import lazyartist.model.ModelStore;
import lazyartist.model.TappedNetwork;
import lazyartist.task.ExplainTask;
import lazyartist.train.EngineSpeed;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Seconds to explain random images with a map method, or to run the sanity checks (weights do not change the cost). */
@Command(name = "explain", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = {"Seconds for one map method's maps and stroke shares of N random images (no deletion curve),",
            "or with --sanity for the sanity checks' maps on a freshly initialised network (the shuffled-label",
            "network's training is not timed: it depends on the data)."})
final class BenchExplainCommand implements Callable<Integer> {

    @Option(names = "--arch", defaultValue = "lazy", description = "Architecture to time.")
    String arch;

    @Option(names = "--method", defaultValue = "gradcam", description = "Map method (explain --help lists them).")
    String method;

    @Option(names = "--images", description = "Images to explain (default 1000; with --sanity, 200).")
    Integer images;

    @Option(names = "--repeats", defaultValue = "5", description = "Timed runs after one warm-up.")
    int repeats;

    @Option(names = "--sanity", description = "Time the sanity checks of every method, as explain --sanity runs them.")
    boolean sanity;

    @Override
    public Integer call() {
        Architecture architecture = Architecture.of(arch);
        String stage = architecture.lastSpatialStage().orElse(null);
        int n = images != null ? images : sanity ? ExplainTask.Sanity.DEFAULTS.images() : 1000;
        if (n < 2 || repeats < 1) {
            throw new LabException("--images must be at least 2 and --repeats at least 1, got " + n + " and " + repeats);
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(1);
            TappedNetwork net = ModelStore.initialised(architecture, manager);
            ColoredSplit split = EngineSpeed.randomSplit(n, 3);
            int[] all = IntStream.range(0, n).toArray();
            if (sanity) {
                ExplainTask.Sanity o = ExplainTask.Sanity.DEFAULTS;
                List<AttributionMethod> methods = new ArrayList<>();
                for (String name : o.methods()) {
                    if (stage != null || !Methods.CAM.contains(name)) {
                        methods.add(Methods.of(name, o.maps().withStage(stage)));
                    }
                }
                SanityCheck.Result r = SanityCheck.run(net, split, all, methods, null, o.seed());
                StringBuilder per = new StringBuilder();
                for (SanityCheck.MethodResult m : r.methods()) {
                    per.append(String.format(java.util.Locale.ROOT, "%s%s %.1f s", per.length() == 0 ? "" : ", ",
                            m.method(), m.seconds()));
                }
                System.out.printf("explain --sanity %s: %d images, %d methods, %d randomised groups in %.1f s on %d"
                        + " cores (%s)%n", architecture.key(), n, methods.size(), r.groups().size(), r.seconds(),
                        Runtime.getRuntime().availableProcessors(), per);
                return 0;
            }
            if (stage == null && Methods.CAM.contains(method)) {
                throw new LabException(arch + " has no convolutional stage for " + method);
            }
            AttributionMethod m = Methods.of(method, MapSettings.DEFAULTS.withStage(stage));
            double[] seconds = new double[repeats];
            for (int r = -1; r < repeats; r++) {
                Explanation.Result result = Explanation.run(net, split, all, m, Target.PREDICTED,
                        StrokeShare.DEFAULT_THRESHOLD, false);
                if (r >= 0) {
                    seconds[r] = result.seconds();
                }
            }
            java.util.Arrays.sort(seconds);
            System.out.printf("explain %s %s: %d images in %.3f s median (best %.3f s) on %d cores%n",
                    architecture.key(), method, n, seconds[repeats / 2], seconds[0],
                    Runtime.getRuntime().availableProcessors());
        }
        return 0;
    }
}
