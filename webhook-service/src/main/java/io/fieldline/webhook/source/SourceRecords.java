package io.fieldline.webhook.source;

import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fieldline.model.ModelJson;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

/** Reads source record values, and names records for idempotency. */
final class SourceRecords {

    private static final Logger LOG = Logger.getLogger(SourceRecords.class);
    private static final ObjectMapper JSON = ModelJson.newMapper();

    private SourceRecords() {
    }

    /**
     * The record's value (JSON text, or its UTF-8 bytes) as {@code type}, or empty (logged, and the record skipped)
     * when it cannot be read.
     */
    static <T> Optional<T> read(ConsumerRecord<String, ?> record, Class<T> type) {
        try {
            Object value = record.value();
            if (value == null) {
                return Optional.empty();
            }
            return Optional.ofNullable(value instanceof byte[] bytes ? JSON.readValue(bytes, type)
                    : JSON.readValue((String) value, type));
        } catch (Exception e) {
            LOG.warnf("Skipping unreadable record %s: %s", key(record), e.getMessage());
            return Optional.empty();
        }
    }

    /** {@code <topic>/<partition>/<offset>}: unique per record, the same when Kafka redelivers it. */
    static String key(ConsumerRecord<?, ?> record) {
        return record.topic() + "/" + record.partition() + "/" + record.offset();
    }
}
