package org.explaint.cli;

import java.io.Console;
import java.util.logging.Level;
import java.util.logging.Logger;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/**
 * Progress bars on stderr, with rate and ETA, shown only when stderr is a terminal and the user
 * did not ask for quiet; otherwise the same bars run silently.
 */
final class Progress {
    private static volatile boolean silenced;

    private Progress() {
    }

    /** Hides every progress bar and informational log line from now on (for {@code --quiet}). */
    static void silence() {
        silenced = true;
        Logger.getLogger("").setLevel(Level.WARNING);
    }

    /** A progress bar for {@code max} units of a named task. */
    static ProgressBar bar(String task, long max, String unit) {
        ProgressBarBuilder builder = new ProgressBarBuilder().setTaskName(task).setInitialMax(max)
                .showSpeed().setUnit(unit, 1);
        if (silenced || !isTerminal()) {
            builder.setConsumer(new DelegatingProgressBarConsumer(line -> { }));
        } else {
            builder.setConsumer(new ConsoleProgressBarConsumer(System.err));
        }
        return builder.build();
    }

    private static boolean isTerminal() {
        Console console = System.console();
        return console != null && console.isTerminal();
    }
}
