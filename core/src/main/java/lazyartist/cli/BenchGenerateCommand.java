package lazyartist.cli;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import lazyartist.data.ColoredMnistGenerator;
import lazyartist.data.GeneratorConfig;
import lazyartist.data.Mnist;
import lazyartist.data.MnistFetcher;
import lazyartist.data.Mode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Images per second for generating all 70,000 Colored-MNIST images in memory. */
@Command(name = "generate", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "Images/s for generating every split of one mode (60k + 10k images, no files written).")
final class BenchGenerateCommand implements Callable<Integer> {

    @Option(names = "--mode", defaultValue = "background", description = "foreground or background.")
    Mode mode;

    @Option(names = "--repeats", defaultValue = "5", description = "Timed runs after one warm-up.")
    int repeats;

    @Option(names = "--mnist", description = "Folder with the four MNIST idx files.")
    Path mnistDir;

    @Override
    public Integer call() {
        Mnist mnist = new MnistFetcher().load(mnistDir);
        int images = mnist.train().count() + mnist.test().count();
        GeneratorConfig config = GeneratorConfig.defaults(mode);
        ColoredMnistGenerator.generate(mnist, config);
        double[] rates = new double[repeats];
        for (int r = 0; r < repeats; r++) {
            long start = System.nanoTime();
            ColoredMnistGenerator.generate(mnist, config.withSeed(r));
            rates[r] = images / ((System.nanoTime() - start) / 1e9);
        }
        Arrays.sort(rates);
        System.out.printf("generate %s: %d images, %d cores: median %.0f images/s (min %.0f, max %.0f)%n",
                mode.key(), images, Runtime.getRuntime().availableProcessors(), rates[repeats / 2], rates[0],
                rates[repeats - 1]);
        return 0;
    }
}
