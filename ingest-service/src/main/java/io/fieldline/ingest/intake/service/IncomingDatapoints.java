package io.fieldline.ingest.intake.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.fieldline.model.Quality;

/**
 * The datapoints of one request as read from its body: the well-formed ones in parallel arrays (no object per
 * datapoint until the records are built) and a rejection for each malformed one. Not thread-safe; one per request.
 */
public final class IncomingDatapoints {

    private int[] indexes;
    private String[] eventIds;
    private double[] values;
    private Instant[] timestamps;
    private Quality[] qualities;
    private int size;
    private List<Rejection> rejections;

    /** Room for {@code expected} well-formed datapoints; more grow the arrays. */
    public IncomingDatapoints(int expected) {
        int capacity = Math.max(1, expected);
        indexes = new int[capacity];
        eventIds = new String[capacity];
        values = new double[capacity];
        timestamps = new Instant[capacity];
        qualities = new Quality[capacity];
    }

    /**
     * Adds a well-formed datapoint.
     *
     * @param timestamp the device's time, or null for the server's
     * @param quality the quality code, or null for {@link Quality#GOOD}
     */
    public void add(int index, String eventId, double value, Instant timestamp, Quality quality) {
        if (size == indexes.length) {
            grow();
        }
        indexes[size] = index;
        eventIds[size] = eventId;
        values[size] = value;
        timestamps[size] = timestamp;
        qualities[size] = quality == null ? Quality.GOOD : quality;
        size++;
    }

    /** Records that the datapoint at {@code index} was refused. */
    public void reject(Rejection rejection) {
        if (rejections == null) {
            rejections = new ArrayList<>();
        }
        rejections.add(rejection);
    }

    /** How many well-formed datapoints there are. */
    public int size() {
        return size;
    }

    /** Position in the request of the i-th well-formed datapoint. */
    public int index(int i) {
        return indexes[i];
    }

    public String eventId(int i) {
        return eventIds[i];
    }

    public double value(int i) {
        return values[i];
    }

    /** The device's time, or null when it gave none. */
    public Instant timestamp(int i) {
        return timestamps[i];
    }

    public Quality quality(int i) {
        return qualities[i];
    }

    /** The datapoints refused so far, in no particular order; empty when none. */
    public List<Rejection> rejections() {
        return rejections == null ? List.of() : rejections;
    }

    private void grow() {
        int capacity = indexes.length * 2;
        indexes = Arrays.copyOf(indexes, capacity);
        eventIds = Arrays.copyOf(eventIds, capacity);
        values = Arrays.copyOf(values, capacity);
        timestamps = Arrays.copyOf(timestamps, capacity);
        qualities = Arrays.copyOf(qualities, capacity);
    }
}
