package lazyartist.io;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** Console progress bars with the lab's look: on standard error, ASCII, updated twice a second. */
public final class ProgressBars {

    private ProgressBars() {}

    /** A bar for {@code total} steps of a named task. */
    public static ProgressBar create(String task, long total) {
        return new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(500)
                .setMaxRenderedLength(110)
                .continuousUpdate()
                .build();
    }
}
