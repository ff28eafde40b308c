package lazyartist.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The process's resident memory as the kernel accounts it ({@code /proc/self/status}): what
 * {@code /usr/bin/time -v} reports as the maximum resident set size, heap and native memory
 * together. NaN where there is no {@code /proc} (not Linux).
 */
public final class ResidentMemory {

    private static final Path STATUS = Path.of("/proc/self/status");

    private ResidentMemory() {}

    /** Resident memory now, in MB. */
    public static double currentMb() {
        return field("VmRSS:");
    }

    /** The process's peak resident memory since it started, in MB. */
    public static double peakMb() {
        return field("VmHWM:");
    }

    /**
     * Samples the resident memory every 20 ms until stopped: the peak of one stretch of work. (The
     * kernel's own peak can be reset through clear_refs, but that also resets what the process
     * reports at exit, which {@code /usr/bin/time} reads.)
     */
    public static final class Sampler {
        private final Thread thread;
        private volatile boolean running = true;
        private volatile double max;

        public Sampler() {
            max = currentMb();
            thread = new Thread(() -> {
                while (running) {
                    max = Math.max(max, currentMb());
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "resident-memory");
            thread.setDaemon(true);
            thread.start();
        }

        /** Stops sampling; the largest resident size seen, in MB (NaN without /proc). */
        public double stop() {
            running = false;
            thread.interrupt();
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Math.max(max, currentMb());
        }
    }

    private static double field(String name) {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith(name)) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }
}
