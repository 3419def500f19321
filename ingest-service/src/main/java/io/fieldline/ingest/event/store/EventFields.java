package io.fieldline.ingest.event.store;

/**
 * The writable fields of an event. For a create every field is set; for a partial update a null field keeps the stored
 * value.
 */
public record EventFields(String name, Double minValue, Double maxValue, String unit, String type) {
}
