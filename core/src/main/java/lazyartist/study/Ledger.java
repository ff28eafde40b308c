package lazyartist.study;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import lazyartist.io.Hashing;
import lazyartist.io.Json;

/**
 * What each finished stage of a study consumed and produced, in {@code stages/<stage>.json}. A
 * stage is up to date when its inputs' fingerprint is unchanged and its outputs are still there.
 */
final class Ledger {

    /** One finished stage, with the process's peak resident memory while it ran. */
    record Entry(String stage, String fingerprint, List<String> outputs, double seconds, double peakMb) {}

    private final Path root;
    private final Path dir;

    Ledger(Path root) {
        this.root = root;
        this.dir = root.resolve("stages");
    }

    /** A fingerprint of any JSON-serialisable description of a stage's inputs. */
    static String fingerprint(Object inputs) {
        return Hashing.sha256(Json.toBytes(inputs));
    }

    boolean upToDate(String stage, String fingerprint) {
        Path file = dir.resolve(stage + ".json");
        if (!Files.isRegularFile(file)) {
            return false;
        }
        Entry entry = Json.read(file, Entry.class);
        return entry.fingerprint().equals(fingerprint)
                && entry.outputs().stream().allMatch(o -> Files.exists(root.resolve(o)));
    }

    boolean recorded(String stage) {
        return Files.isRegularFile(dir.resolve(stage + ".json"));
    }

    /** The recorded entry of a stage. */
    Entry entry(String stage) {
        return Json.read(dir.resolve(stage + ".json"), Entry.class);
    }

    void record(String stage, String fingerprint, List<String> outputs, double seconds, double peakMb) {
        Json.write(dir.resolve(stage + ".json"), new Entry(stage, fingerprint, outputs, seconds, peakMb));
    }
}
