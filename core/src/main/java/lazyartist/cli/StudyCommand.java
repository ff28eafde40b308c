package lazyartist.cli;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.Callable;
import lazyartist.LabException;
import lazyartist.data.MnistFetcher;
import lazyartist.data.Mode;
import lazyartist.io.Json;
import lazyartist.study.Study;
import lazyartist.study.StudyConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lazy-artist study}: the whole story, end to end, into one folder with an HTML report. */
@Command(name = "study", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = {"Run the study end to end on real MNIST and write <out>/report/index.html.",
            "Stages: dataset, train (the cheaters), evaluate, probe, explain, attack, debias, sanity, decompose, report."
                + " It first prints its plan and an estimate of its time on this machine. A rerun skips stages whose"
                + " inputs are unchanged; a killed run resumes where it stopped."})
final class StudyCommand implements Callable<Integer> {

    @Option(names = "--out", defaultValue = "runs/study", description = "Run folder.")
    Path out;

    @Option(names = "--config", description = "Study config JSON: the fields it gives replace those of the"
            + " preset (default, --quick or --full); --print-config shows them all.")
    Path config;

    @Option(names = "--print-config", description = "Print the config this run would use, with every default, and exit.")
    boolean printConfig;

    @Option(names = "--quick", description = "Smoke run: a subset of MNIST and one epoch.")
    boolean quick;

    @Option(names = "--full", description = "Both modes and every architecture, however long it takes.")
    boolean full;

    @Option(names = "--mode", split = ",", description = "Data set modes to run (overrides the config).")
    List<Mode> modes;

    @Option(names = "--seed", description = "Seed (overrides the config).")
    Long seed;

    @Option(names = "--force", split = ",", description = "Rerun these stages even if up to date: dataset, train,"
            + " evaluate, probe, explain, attack, debias, sanity, decompose, report.")
    List<String> force = List.of();

    @Option(names = "--mnist", description = "Folder with the four MNIST idx files.")
    Path mnistDir;

    @Override
    public Integer call() {
        if (quick && full) {
            throw new LabException("--quick and --full contradict each other: choose one");
        }
        StudyConfig preset = quick ? StudyConfig.quick() : full ? StudyConfig.full() : StudyConfig.defaults();
        StudyConfig chosen = config != null ? StudyConfig.load(config, preset) : preset;
        if (modes != null) {
            chosen = chosen.withModes(modes);
        }
        if (seed != null) {
            chosen = chosen.withSeed(seed);
        }
        if (printConfig) {
            System.out.print(new String(Json.toBytes(chosen), java.nio.charset.StandardCharsets.UTF_8));
            return 0;
        }
        long start = System.nanoTime();
        Path report = new Study(chosen, out, () -> new MnistFetcher().load(mnistDir), new HashSet<>(force), false).run();
        System.out.printf("study finished in %.1f s; report: %s%n", (System.nanoTime() - start) / 1e9,
                report.toAbsolutePath());
        return 0;
    }
}
