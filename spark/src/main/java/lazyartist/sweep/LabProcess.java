package lazyartist.sweep;

import java.io.File;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Runs one {@code lazy-artist} command in a JVM of its own. The lab's engine allows one gradient
 * collector per process, so runs that train side by side on one machine need processes of their
 * own; each also gets a fresh heap and exactly the PyTorch threads its task was given.
 */
public interface LabProcess extends Serializable {

    /**
     * Runs {@code lazy-artist args…} with {@code threads} PyTorch threads in the folder {@code workDir},
     * its output going to {@code workDir/log.txt}; throws if it fails.
     */
    void run(List<String> args, int threads, Path workDir);

    /** A child JVM on this JVM's class path, with the launcher's JVM options (or LAZY_ARTIST_JAVA_OPTS). */
    static LabProcess childJvm() {
        return (args, threads, workDir) -> {
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            String options = System.getenv("LAZY_ARTIST_JAVA_OPTS");
            command.addAll(List.of((options == null || options.isBlank() ? "-Xmx1g -Xmn64m -XX:+UseSerialGC" : options.strip())
                    .split("\\s+")));
            command.add("-Dai.djl.pytorch.num_threads=" + threads);
            command.add("-cp");
            command.add(classPath());
            command.add("lazyartist.cli.Main");
            command.addAll(args);
            Path log = workDir.resolve("log.txt");
            try {
                Process p = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                        .redirectOutput(log.toFile()).start();
                int exit;
                try {
                    exit = p.waitFor();
                } catch (InterruptedException e) {
                    // Spark interrupts a task it kills: the child goes with it.
                    p.destroyForcibly();
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("lazy-artist " + String.join(" ", args) + " was interrupted");
                }
                if (exit != 0) {
                    throw new IllegalStateException("lazy-artist " + String.join(" ", args) + " failed (exit " + exit
                            + "): " + lastLine(log));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start " + command.get(0) + ": " + e.getMessage(), e);
            }
        };
    }

    /**
     * The class path that holds the lab: the jars a cluster's executor added to its class loader
     * (spark-submit's application jar and {@code --jars}) first, so that the lab's own versions win
     * over the Spark distribution's, then this JVM's class path.
     */
    private static String classPath() {
        Set<String> entries = new LinkedHashSet<>();
        for (ClassLoader l = Thread.currentThread().getContextClassLoader(); l != null; l = l.getParent()) {
            if (l instanceof URLClassLoader u) {
                for (URL url : u.getURLs()) {
                    try {
                        if ("file".equals(url.getProtocol())) {
                            entries.add(Path.of(url.toURI()).toString());
                        }
                    } catch (URISyntaxException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        }
        entries.addAll(List.of(System.getProperty("java.class.path").split(File.pathSeparator)));
        return String.join(File.pathSeparator, entries);
    }

    private static String lastLine(Path log) {
        try {
            List<String> lines = Files.readAllLines(log).stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
            return lines.isEmpty() ? "(no output)" : lines.get(lines.size() - 1) + " (log: " + log + ")";
        } catch (IOException e) {
            return "(no log)";
        }
    }
}
