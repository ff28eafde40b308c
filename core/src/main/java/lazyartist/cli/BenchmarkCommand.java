package lazyartist.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import lazyartist.benchmark.Benchmark;
import lazyartist.benchmark.BenchmarkTable;
import lazyartist.benchmark.LffProtocol;
import lazyartist.data.Mnist;
import lazyartist.data.MnistFetcher;
import lazyartist.train.TrainConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lazy-artist benchmark}: the literature's Colored-MNIST protocol, methods × conflicting shares × seeds. */
@Command(name = "benchmark", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = {"The debiasing literature's Colored-MNIST benchmark (Learning from Failure's protocol): the",
            "digit coloured by its class's mean colour with Gaussian jitter, a few bias-conflicting training digits,",
            "a test set with 10%% aligned; an MLP (3 × 100) trained with Adam 1e-3, batch 256, the last epoch kept;",
            "unbiased accuracy = the mean over the 100 (digit, colour) groups of the test set.",
            "Writes <out>/data/<share>/ (once per share and severity), <out>/runs/…/result.json (a killed grid",
            "resumes), and <out>/table.md, table.csv, unbiased.png."})
final class BenchmarkCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--protocol", defaultValue = LffProtocol.NAME, description = "The protocol.")
    String protocol;

    @Option(names = "--arch", defaultValue = "authors-mlp", description = "authors-mlp (the authors' MLP, whose input"
            + " is divided by 255 twice, as their code does) or mlp (the same network on [0, 1] inputs).")
    String architecture;

    @Option(names = "--severity", defaultValue = "4", description = "Colour jitter: 1 (std 0.05) … 4 (std 0.005).")
    int severity;

    @Option(names = "--conflicting", split = ",", defaultValue = "0.5,1,2,5",
            description = "Shares of bias-conflicting training digits, in per cent.")
    List<Double> conflicting;

    @Option(names = "--methods", split = ",", defaultValue = "vanilla,lff",
            description = "Methods (the debias command's): vanilla, lff, jtt, disent, group-dro, dfr, group-balance,"
                    + " …")
    List<String> methods;

    @Option(names = "--seeds", defaultValue = "3", description = "Seeds per method and share.")
    int seeds;

    @Option(names = "--first-seed", defaultValue = "" + TrainConfig.DEFAULT_SEED,
            description = "The first training seed (the runs use --seeds seeds from it).")
    long firstSeed;

    @Option(names = "--data-seed", defaultValue = "" + TrainConfig.DEFAULT_SEED,
            description = "The seed the data sets are generated with.")
    long dataSeed;

    @Option(names = "--data-only", description = "Generate the data sets and stop.")
    boolean dataOnly;

    @Option(names = "--epochs", defaultValue = "100", description = "Epochs of every run (the protocol's 100).")
    int epochs;

    @Option(names = "--val-fraction", defaultValue = "0.1",
            description = "Training digits held out for validation (the protocol has none; the last epoch is kept).")
    double valFraction;

    @Option(names = "--selection", defaultValue = "last-epoch", description = "last-epoch (the protocol's rule) or"
            + " conflicting-validation: bias-aware methods (but DFR) keep the epoch best on the validation digits that"
            + " do not wear their class colour; the others keep the last.")
    String selection;

    @Option(names = "--quick", description = "One share (5%%), vanilla and lff, one seed, 5 epochs.")
    boolean quick;

    @Option(names = "--mnist", description = "Folder with the four MNIST idx files (else the cache, npm, or a mirror).")
    Path mnistDir;

    @Option(names = "--out", defaultValue = "runs/benchmark", description = "Folder for data, runs and the table.")
    Path out;

    @Override
    public Integer call() {
        Benchmark.Options o = quick
                ? new Benchmark.Options(protocol, architecture, severity, List.of(5.0), List.of("vanilla", "lff"), 1,
                        firstSeed, dataSeed, 5, valFraction, Benchmark.Selection.of(selection), false)
                : new Benchmark.Options(protocol, architecture, severity, conflicting, methods, seeds, firstSeed,
                        dataSeed, epochs, valFraction, Benchmark.Selection.of(selection), false);
        long start = System.nanoTime();
        Mnist[] loaded = new Mnist[1];
        Supplier<Mnist> mnist = () -> loaded[0] == null ? (loaded[0] = new MnistFetcher().load(mnistDir)) : loaded[0];
        if (dataOnly) {
            Benchmark.prepare(o, mnist, out, Invocation.of(spec)).forEach(dir -> System.out.println("data -> " + dir));
            return 0;
        }
        List<Benchmark.Run> runs = Benchmark.run(o, mnist, out, Invocation.of(spec));
        BenchmarkTable.write(out, runs);
        System.out.print(BenchmarkTable.markdown(runs));
        System.out.printf(Locale.ROOT, "%d runs in %.1f s -> %s%n", runs.size(), (System.nanoTime() - start) / 1e9,
                out.resolve(BenchmarkTable.MARKDOWN));
        return 0;
    }
}
