package lazyartist.sweep;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import lazyartist.benchmark.Benchmark;
import lazyartist.data.ColoredMnistGenerator;
import lazyartist.data.DatasetStore;
import lazyartist.data.GeneratorConfig;
import lazyartist.data.HardPolicy;
import lazyartist.data.Mnist;
import lazyartist.data.Mode;
import lazyartist.data.Palette;

/**
 * The lab as a sweep's tasks run it, but generating from the MNIST subset kept in the core's test
 * resources (the {@code generate} command accepts only the full, checksummed MNIST). Training and
 * measuring run in child JVMs, as in a real sweep.
 */
final class SubsetLab implements LabProcess {

    static final Path MNIST = Path.of("../core/src/test/resources/mnist-subset").toAbsolutePath().normalize();

    @Override
    public void run(List<String> args, int threads, Path workDir) {
        if (args.contains("--data-only")) {
            benchmarkData(args, workDir);
            return;
        }
        if (!args.get(0).equals("generate")) {
            LabProcess.childJvm().run(args, threads, workDir);
            return;
        }
        Mode mode = Mode.valueOf(value(args, "--mode").toUpperCase(Locale.ROOT));
        Mnist mnist = Mnist.read(MNIST);
        GeneratorConfig config = new GeneratorConfig(mode, Double.parseDouble(value(args, "--bias")), 0.1,
                HardPolicy.valueOf(value(args, "--hard-policy").toUpperCase(Locale.ROOT)),
                Long.parseLong(value(args, "--seed")), Palette.defaults());
        DatasetStore.write(workDir.resolve(mode.key()), ColoredMnistGenerator.generate(mnist, config),
                mnist.fingerprints(), "generate (test subset)", false);
        try {
            Files.writeString(workDir.resolve("log.txt"), "generated from " + MNIST + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code benchmark --data-only}: the protocol's data set of one share, from the subset. */
    private static void benchmarkData(List<String> args, Path workDir) {
        Benchmark.Options o = new Benchmark.Options(value(args, "--protocol"), value(args, "--arch"),
                Integer.parseInt(value(args, "--severity")), List.of(Double.parseDouble(value(args, "--conflicting"))),
                List.of(value(args, "--methods")), 1, Long.parseLong(value(args, "--first-seed")),
                Long.parseLong(value(args, "--data-seed")), 1, Double.parseDouble(value(args, "--val-fraction")),
                Benchmark.Selection.of(value(args, "--selection")), true);
        Benchmark.prepare(o, () -> Mnist.read(MNIST), workDir, "benchmark --data-only (test subset)");
        try {
            Files.writeString(workDir.resolve("log.txt"), "generated from " + MNIST + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String value(List<String> args, String flag) {
        return args.get(args.indexOf(flag) + 1);
    }
}
