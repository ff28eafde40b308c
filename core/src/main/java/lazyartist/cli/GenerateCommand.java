package lazyartist.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import lazyartist.data.ColoredDataset;
import lazyartist.data.ColoredMnistGenerator;
import lazyartist.data.DatasetStore;
import lazyartist.data.GeneratorConfig;
import lazyartist.data.HardPolicy;
import lazyartist.data.Mnist;
import lazyartist.data.MnistFetcher;
import lazyartist.data.Mode;
import lazyartist.data.Palette;
import lazyartist.figures.ContactSheet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lazy-artist generate}: writes Colored-MNIST data sets. */
@Command(name = "generate", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = {"Build a biased Colored-MNIST from real MNIST.",
            "Writes <out>/<mode>/{train,val,hard}/ (images.npy, labels.npy, colors.npy, strokes.npy,"
                + " manifest.json) and <out>/<mode>/contact-sheet.png."})
final class GenerateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--out", description = "Output folder.", defaultValue = "runs/demo")
    Path out;

    @Option(names = "--mode", split = ",", description = "foreground, background, or both (comma-separated).",
            defaultValue = "background,foreground")
    List<Mode> modes;

    @Option(names = "--bias", description = "Fraction ρ of each digit's easy samples that wear its colour, in [0, 1].",
            defaultValue = "0.95")
    double bias;

    @Option(names = "--val-fraction", description = "Fraction of the easy split held out for validation.",
            defaultValue = "0.1")
    double valFraction;

    @Option(names = "--hard-policy", description = "never (no aligned sample), shift (digit d gets colour d+1),"
            + " random (uniform over all colours).", defaultValue = "never")
    HardPolicy hardPolicy;

    @Option(names = "--seed", description = "Random seed.", defaultValue = "42")
    long seed;

    @Option(names = "--palette", description = "JSON file with ten named colours: {\"colours\": [{\"name\": …, \"rgb\": [r, g, b]}, …]}.")
    Path palette;

    @Option(names = "--mnist", description = "Folder with the four MNIST idx files (else the cache, npm, or a mirror).")
    Path mnistDir;

    @Option(names = "--png", description = "Also write every image as <split>/png/<digit>/<i>.png.")
    boolean png;

    @Override
    public Integer call() {
        Palette colours = palette == null ? Palette.defaults() : Palette.load(palette);
        GeneratorConfig base = new GeneratorConfig(modes.get(0), bias, valFraction, hardPolicy, seed, colours);
        Mnist mnist = new MnistFetcher().load(mnistDir);
        for (Mode mode : modes) {
            GeneratorConfig config = base.withMode(mode);
            long start = System.nanoTime();
            ColoredDataset dataset = ColoredMnistGenerator.generate(mnist, config);
            Path dir = out.resolve(mode.key());
            DatasetStore.write(dir, dataset, mnist.fingerprints(), Invocation.of(spec), png);
            ContactSheet.write(dir.resolve("contact-sheet.png"), dataset.train(), colours,
                    "Colored-MNIST, " + mode.key() + " mode: rows digits, columns palette colours");
            System.out.printf("%s: train %d (aligned %.4f), val %d (aligned %.4f), hard %d (aligned %.4f, %s) -> %s"
                    + " in %.1f s%n", mode.key(), dataset.train().size(), dataset.train().alignedFraction(),
                    dataset.val().size(), dataset.val().alignedFraction(), dataset.hard().size(),
                    dataset.hard().alignedFraction(), hardPolicy.key(), dir, (System.nanoTime() - start) / 1e9);
        }
        return 0;
    }
}
