package io.fieldline.ingest.intake.service;

import java.util.List;

/**
 * What became of a request's datapoints once Kafka acknowledged the accepted ones.
 *
 * @param accepted how many were accepted (and are durable in Kafka)
 * @param rejected the refused ones, ordered by index
 * @param firstId public id of the first accepted datapoint (the single endpoint answers with it), or null
 */
public record IntakeResult(int accepted, List<Rejection> rejected, String firstId) {
}
