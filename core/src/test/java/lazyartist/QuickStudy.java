package lazyartist;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import lazyartist.io.AtomicFiles;
import lazyartist.study.Study;
import lazyartist.study.StudyConfig;

/** The quick study on the test subset, run once per test JVM for every test that reads a study's folder. */
public final class QuickStudy {

    private static Path folder;
    private static Path report;
    private static double seconds;

    private QuickStudy() {}

    /** The study's folder, running it the first time. */
    public static synchronized Path folder() {
        if (folder == null) {
            try {
                Path dir = Files.createTempDirectory("lazy-artist-quick-study");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        AtomicFiles.deleteTree(dir);
                    } catch (IOException e) {
                        // A temp folder left behind is harmless.
                    }
                }));
                long start = System.nanoTime();
                report = new Study(StudyConfig.quick(), dir, TestData::mnist, Set.of(), true).run();
                seconds = (System.nanoTime() - start) / 1e9;
                folder = dir;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return folder;
    }

    /** Its report's index.html. */
    public static Path report() {
        folder();
        return report;
    }

    /** How long its first run took. */
    public static double firstRunSeconds() {
        folder();
        return seconds;
    }
}
