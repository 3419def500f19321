package io.fieldline.deploy;

import java.util.logging.Handler;
import java.util.logging.Level;

import org.jboss.logmanager.LogContext;
import org.jboss.logmanager.Logger;
import org.jboss.logmanager.formatters.PatternFormatter;
import org.jboss.logmanager.handlers.ConsoleHandler;

/** Main class of the dev stack's Kafka broker JVM: gives the broker a console log, then runs {@code kafka.Kafka}. */
public final class KafkaBrokerMain {

    private KafkaBrokerMain() {
    }

    /**
     * Runs the broker with {@code args} as given to {@code kafka.Kafka} (the path of {@code server.properties}).
     * The shared classpath carries Quarkus' bootstrap, whose JBoss LogManager configurator only buffers records
     * until a Quarkus application starts; without a handler of its own the broker's log would stay empty.
     */
    public static void main(String[] args) {
        ConsoleHandler console = new ConsoleHandler(ConsoleHandler.Target.SYSTEM_OUT,
                new PatternFormatter("%d{yyyy-MM-dd HH:mm:ss,SSS} %-5p [%c] (%t) %s%e%n"));
        console.setAutoFlush(true);
        Logger root = LogContext.getSystemLogContext().getLogger("");
        root.setLevel(Level.INFO);
        root.setHandlers(new Handler[]{ console });
        kafka.Kafka.main(args);
    }
}
