package io.fieldline.model;

import java.util.Arrays;

/**
 * The Kafka topics of the platform (DESIGN.md §2). The names are fixed, versioned and shared by every service.
 */
public enum Topic {

    /** Batches of datapoints of one tenant and event; key {@code <tenantId>/<eventId>}. */
    DATAPOINTS(Names.DATAPOINTS),
    /** Incident lifecycle events; key {@code <tenantId>/<ruleId>/<eventId>}. */
    INCIDENTS(Names.INCIDENTS),
    /** Platform activity (experiments, OTA, health changes); key {@code <tenantId>/<subject>}. */
    ACTIVITY(Names.ACTIVITY),
    /** Dead-lettered webhook deliveries; key {@code <tenantId>/<webhookId>}. */
    WEBHOOKS_DLQ(Names.WEBHOOKS_DLQ);

    private final String topicName;

    Topic(String topicName) {
        this.topicName = topicName;
    }

    /** The topic's name on the broker, e.g. {@code fieldline.datapoints.v1}. */
    public String topicName() {
        return topicName;
    }

    /**
     * Finds the topic with the given broker name.
     *
     * @throws IllegalArgumentException if no topic has that name
     */
    public static Topic fromString(String topicName) {
        return Arrays.stream(values())
                .filter(t -> t.topicName.equals(topicName))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Unknown topic: " + topicName));
    }

    @Override
    public String toString() {
        return topicName;
    }

    /** The names as compile-time constants, for annotations and configuration. */
    public static final class Names {

        public static final String DATAPOINTS = "fieldline.datapoints.v1";
        public static final String INCIDENTS = "fieldline.incidents.v1";
        public static final String ACTIVITY = "fieldline.activity.v1";
        public static final String WEBHOOKS_DLQ = "fieldline.webhooks.dlq.v1";

        private Names() {
        }
    }
}
