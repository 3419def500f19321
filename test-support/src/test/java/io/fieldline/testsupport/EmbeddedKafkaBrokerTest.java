package io.fieldline.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaBrokerTest {

    @TempDir
    Path logDir;

    @Test
    void keepsRecordsAcrossStopAndRestart() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(0, 0, logDir)) {
            String bootstrap = broker.bootstrapServers();
            KafkaRecords.createTopic(bootstrap, "probe");
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                    Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all"),
                    new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>("probe", "k1", "v1")).get();
            }
            assertEquals("v1", only(KafkaRecords.await(bootstrap, "probe", r -> true, 1, Duration.ofSeconds(20))));

            broker.stop();
            assertThrows(ConnectException.class, () -> connect(bootstrap));

            broker.restart();
            assertEquals(bootstrap, broker.bootstrapServers());
            assertEquals("v1", only(KafkaRecords.await(bootstrap, "probe", r -> "k1".equals(r.key()), 1,
                    Duration.ofSeconds(20))));
        }
    }

    private static String only(List<org.apache.kafka.clients.consumer.ConsumerRecord<String, String>> records) {
        assertEquals(1, records.size());
        return records.get(0).value();
    }

    static void connect(String hostPort) throws IOException {
        int colon = hostPort.lastIndexOf(':');
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(hostPort.substring(0, colon),
                    Integer.parseInt(hostPort.substring(colon + 1))), 1000);
        }
    }
}
