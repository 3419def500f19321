package io.fieldline.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.jboss.logmanager.LogContext;

/**
 * Keeps the launcher's (and the benchmarks') console to its own lines: the libraries it runs in-process log only
 * warnings. Unconfigured, the Kafka client even formats its TRACE messages (a fifth of a load generator's CPU), and so
 * do Netty and Vert.x: until a Quarkus application configures logging, the bootstrap's log manager enables every level
 * of every logger (it keeps records for the application's handlers), so the live benchmark's client formatted two
 * Netty TRACE lines for every WebSocket frame it read (about a tenth of its CPU, by perf).
 */
public final class LauncherLogs {

    /** Kafka's storage formatter dumps its whole configuration at INFO; zonky narrates initdb and pg_ctl. */
    private static final List<String> CATEGORIES = List.of("kafka", "org.apache.kafka", "state.change.logger",
            "io.zonky");
    // Loggers are held weakly by their context: keep them, or the level is forgotten.
    private static final List<Logger> HELD = new ArrayList<>();

    private LauncherLogs() {
    }

    /**
     * Sets the categories to WARN unless something configured them already, and the root from ALL to WARN; idempotent.
     */
    public static synchronized void quiet() {
        if (!HELD.isEmpty()) {
            return;
        }
        Logger root = LogContext.getSystemLogContext().getLogger("");
        if (root.getLevel() == null || root.getLevel().intValue() < Level.INFO.intValue()) {
            root.setLevel(Level.WARNING);
        }
        HELD.add(root);
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
