package org.explaint.cli;

import java.util.logging.ConsoleHandler;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Configures {@code java.util.logging} for the command line: one line per record on stderr,
 * level INFO (FINE with {@code EXPLAINT_LOG=fine}).
 */
public final class LogSetup {
    // Held here: java.util.logging keeps loggers weakly, and a collected logger forgets its level.
    private static final Logger DJL = Logger.getLogger("ai.djl");

    /** Installs the handler; called by the JVM through {@code java.util.logging.config.class}. */
    public LogSetup() {
        System.setProperty("java.util.logging.SimpleFormatter.format", "[%4$s] %5$s%6$s%n");
        Logger root = Logger.getLogger("");
        for (var h : root.getHandlers()) {
            root.removeHandler(h);
        }
        String wanted = System.getenv("EXPLAINT_LOG");
        Level level = wanted == null ? Level.INFO : Level.parse(wanted.toUpperCase(java.util.Locale.ROOT));
        ConsoleHandler handler = new ConsoleHandler();
        handler.setLevel(level);
        handler.setFormatter(new SimpleFormatter());
        root.addHandler(handler);
        root.setLevel(level);
        // DJL's tokenizer binding reports GPU probing and native-library lookups; users need none of it.
        if (level.intValue() > Level.FINE.intValue()) {
            DJL.setLevel(Level.SEVERE);
        }
    }
}
