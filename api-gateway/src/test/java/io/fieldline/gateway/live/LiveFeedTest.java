package io.fieldline.gateway.live;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import io.fieldline.model.Topic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class LiveFeedTest {

    private long offset;

    @Test
    void routesOnlyTheNewestValueOfEachEventAndEveryNoticeInOrder() {
        ConsumerRecord<String, String> oldA = value("t/a", "a1");
        ConsumerRecord<String, String> raised = record(Topic.Names.INCIDENTS, "t/a", "raised");
        ConsumerRecord<String, String> b = value("t/b", "b1");
        ConsumerRecord<String, String> newA = value("t/a", "a2");
        ConsumerRecord<String, String> activity = record(Topic.Names.ACTIVITY, "t", "started");
        ConsumerRecord<String, String> unkeyed = value(null, "x");
        ConsumerRecord<String, String> newestA = value("t/a", "a3");

        List<ConsumerRecord<String, String>> routed = LiveFeed
                .worthRouting(List.of(oldA, raised, b, newA, activity, unkeyed, newestA));

        assertEquals(List.of("raised", "started", "x"), routed.subList(0, 3).stream().map(ConsumerRecord::value)
                .toList(), "notices (and records without a key) are all routed, in the order read");
        assertEquals(List.of("a3", "b1"), routed.subList(3, routed.size()).stream().map(ConsumerRecord::value)
                .sorted().toList(), "one value per event, the newest");
    }

    @Test
    void aPollWithOneRecordPerEventRoutesThemAll() {
        List<ConsumerRecord<String, String>> poll = List.of(value("t/a", "a"), value("t/b", "b"), value("u/a", "c"));

        assertEquals(3, LiveFeed.worthRouting(poll).size());
    }

    private ConsumerRecord<String, String> value(String key, String value) {
        return record(Topic.Names.DATAPOINTS, key, value);
    }

    private ConsumerRecord<String, String> record(String topic, String key, String value) {
        return new ConsumerRecord<>(topic, 0, offset++, key, value);
    }
}
