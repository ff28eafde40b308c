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
    private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");

    private ResidentMemory() {}

    /** Resident memory now, in MB. */
    public static double currentMb() {
        return field("VmRSS:");
    }

    /** The peak resident memory since the process started or since {@link #resetPeak}, in MB. */
    public static double peakMb() {
        return field("VmHWM:");
    }

    /** Starts a new peak from the current resident size (Linux 4.0+; a no-op where refused). */
    public static void resetPeak() {
        try {
            Files.writeString(CLEAR_REFS, "5");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            // The peak then counts from the process start: still an upper bound.
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
