package lazyartist.io;

import java.io.PrintStream;
import java.time.Duration;
import java.util.function.LongSupplier;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Console progress bars with the lab's look: on standard error, ASCII, updated twice a second. Without a
 * terminal (output to a file, a sweep's run log) a bar writes a line a minute and its last state when it
 * closes: frames redrawn with carriage returns twice a second would fill the file.
 */
public final class ProgressBars {

    private static final int WIDTH = 110;

    private ProgressBars() {}

    /** A bar for {@code total} steps of a named task. */
    public static ProgressBar create(String task, long total) {
        ProgressBarBuilder builder = new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(500)
                .setMaxRenderedLength(WIDTH)
                .continuousUpdate();
        if (System.console() == null) {
            builder.setConsumer(new LastLine(System.err));
        }
        return builder.build();
    }

    /**
     * Prints the latest rendering as a line at most once a minute (a long sweep's log still shows it
     * advancing) and once more when the bar closes.
     */
    static final class LastLine implements ProgressBarConsumer {

        static final Duration EVERY = Duration.ofMinutes(1);

        private final PrintStream out;
        private final LongSupplier nanoTime;
        private long printedAt;
        private String last;

        LastLine(PrintStream out) {
            this(out, System::nanoTime);
        }

        LastLine(PrintStream out, LongSupplier nanoTime) {
            this.out = out;
            this.nanoTime = nanoTime;
            this.printedAt = nanoTime.getAsLong();
        }

        @Override
        public int getMaxRenderedLength() {
            return WIDTH;
        }

        @Override
        public synchronized void accept(String rendered) {
            last = rendered;
            long now = nanoTime.getAsLong();
            if (now - printedAt >= EVERY.toNanos()) {
                print();
                printedAt = now;
            }
        }

        @Override
        public synchronized void close() {
            if (last != null) {
                print();
            }
        }

        private void print() {
            out.println(last.stripTrailing());
            out.flush();
        }
    }
}
