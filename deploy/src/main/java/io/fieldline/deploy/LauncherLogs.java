package io.fieldline.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.jboss.logmanager.LogContext;

/**
 * Keeps the launcher's (and the benchmarks') console to its own lines: the libraries it runs in-process log only
 * warnings. Unconfigured, the Kafka client even formats its TRACE messages (a fifth of a load generator's CPU).
 */
public final class LauncherLogs {

    /** Kafka's storage formatter dumps its whole configuration at INFO; zonky narrates initdb and pg_ctl. */
    private static final List<String> CATEGORIES = List.of("kafka", "org.apache.kafka", "state.change.logger",
            "io.zonky");
    // Loggers are held weakly by their context: keep them, or the level is forgotten.
    private static final List<Logger> HELD = new ArrayList<>();

    private LauncherLogs() {
    }

    /** Sets the categories to WARN unless something configured them already; idempotent. */
    public static synchronized void quiet() {
        if (!HELD.isEmpty()) {
            return;
        }
        for (String category : CATEGORIES) {
            // slf4j reaches JBoss LogManager's system context, which is JUL's manager only if configured so.
            quiet(LogContext.getSystemLogContext().getLogger(category));
            quiet(Logger.getLogger(category));
        }
    }

    private static void quiet(Logger logger) {
        if (logger.getLevel() == null) {
            logger.setLevel(Level.WARNING);
        }
        HELD.add(logger);
    }
}
