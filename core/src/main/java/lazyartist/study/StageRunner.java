package lazyartist.study;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import lazyartist.io.ResidentMemory;
import lazyartist.report.StudyReport;

/**
 * Runs a study's stages: each is skipped when the ledger says its inputs are unchanged and its
 * outputs exist, else run, timed, its peak resident memory sampled, and recorded.
 */
final class StageRunner {

    private final Path root;
    private final Ledger ledger;
    private final Set<String> force;
    private final boolean quiet;
    private final List<StudyReport.StageTime> times = new ArrayList<>();

    StageRunner(Path root, Set<String> force, boolean quiet) {
        this.root = root;
        this.ledger = new Ledger(root);
        this.force = force;
        this.quiet = quiet;
    }

    /**
     * Runs a stage unless it is up to date; returns its fingerprint for the stages downstream.
     *
     * @param kind the stage's kind, which {@code --force} names
     * @param outputs files the stage writes, which must exist for it to count as up to date
     */
    String run(String stage, String kind, String fingerprint, List<Path> outputs, Runnable work) {
        if (!force.contains(kind) && ledger.upToDate(stage, fingerprint)) {
            Ledger.Entry entry = ledger.entry(stage);
            times.add(new StudyReport.StageTime(stage, entry.seconds(), entry.peakMb(), true));
            say(String.format("[skip] %-36s up to date (took %.1f s when it ran)", stage, entry.seconds()));
            return fingerprint;
        }
        say(String.format("[run ] %s", stage));
        long start = System.nanoTime();
        ResidentMemory.Sampler memory = new ResidentMemory.Sampler();
        double peakMb;
        try {
            work.run();
        } finally {
            peakMb = memory.stop();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        ledger.record(stage, fingerprint, outputs.stream().map(p -> root.relativize(p).toString()).toList(), seconds,
                peakMb);
        times.add(new StudyReport.StageTime(stage, seconds, peakMb, false));
        say(String.format("[done] %-36s %6.1f s   peak resident %,.0f MB", stage, seconds, peakMb));
        return fingerprint;
    }

    /** Like {@link #run}, for a stage whose work returns a value that {@code recorded} reads back when skipped. */
    <T> T run(String stage, String kind, String fingerprint, List<Path> outputs, Supplier<T> work,
            Supplier<T> recorded) {
        List<T> made = new ArrayList<>(1);
        run(stage, kind, fingerprint, outputs, () -> made.add(work.get()));
        return made.isEmpty() ? recorded.get() : made.get(0);
    }

    /** Whether the ledger holds a stage (a rerun skips it unless its inputs changed). */
    boolean recorded(String stage) {
        return ledger.recorded(stage);
    }

    /** Every stage's time so far, in order. */
    List<StudyReport.StageTime> times() {
        return List.copyOf(times);
    }

    void say(String line) {
        if (!quiet) {
            System.out.println(line);
        }
    }
}
