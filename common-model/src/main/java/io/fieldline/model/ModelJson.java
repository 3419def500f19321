package io.fieldline.model;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The JSON settings for Kafka record values: ISO-8601 instants, unknown fields ignored (so a newer producer does not
 * break an older consumer).
 */
public final class ModelJson {

    private ModelJson() {
    }

    /** Applies the record settings to a mapper (for example Quarkus' own) and returns it. */
    public static ObjectMapper configure(ObjectMapper mapper) {
        return mapper.registerModule(new JavaTimeModule())
                .registerModule(IsoInstants.module())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    /** A new mapper with the record settings. */
    public static ObjectMapper newMapper() {
        return configure(new ObjectMapper());
    }
}
