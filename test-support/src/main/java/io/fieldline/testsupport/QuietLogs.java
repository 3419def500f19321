package io.fieldline.testsupport;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.jboss.logmanager.LogContext;

/** Lowers the chatter of the in-JVM broker and of zonky to WARN unless someone configured those categories already. */
final class QuietLogs {

    private static final List<String> CATEGORIES = List.of("kafka", "org.apache.kafka", "state.change.logger",
            "io.zonky.test");
    // JUL keeps loggers weakly: hold them so the level sticks.
    private static final List<Logger> HELD = new ArrayList<>();

    private QuietLogs() {
    }

    static synchronized void apply() {
        if (!HELD.isEmpty()) {
            return;
        }
        for (String category : CATEGORIES) {
            // slf4j goes to JBoss LogManager's system context, which is also JUL's manager only if configured so.
            quiet(Logger.getLogger(category));
            quiet(LogContext.getSystemLogContext().getLogger(category));
        }
    }

    private static void quiet(Logger logger) {
        if (logger.getLevel() == null) {
            logger.setLevel(Level.WARNING);
        }
        HELD.add(logger);
    }
}
