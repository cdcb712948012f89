package io.multivector.ingest.relay.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.multivector.events.Topic;
import io.multivector.events.asyncapi.AsyncApiDocument;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/** Everything the relay has put on the topics, read from the beginning. */
final class PublishedEvents {

    record Published(String topic, int partition, String key, JsonNode event, String contentType, String requestId,
                     String traceparent) {
        String id() {
            return event.path("id").asText();
        }

        long sequence() {
            return Long.parseLong(event.path("sequence").asText());
        }

        long streamVersion() {
            return Long.parseLong(event.path("streamversion").asText());
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private PublishedEvents() {
    }

    static List<Published> readAll(String bootstrapServers) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : Topic.allNames()) {
                consumer.partitionsFor(topic).forEach(i -> partitions.add(new TopicPartition(topic, i.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            var ends = consumer.endOffsets(partitions);
            List<Published> out = new ArrayList<>();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    out.add(new Published(r.topic(), r.partition(), r.key(), JSON.readTree(r.value()),
                            header(r, AsyncApiDocument.CONTENT_TYPE_HEADER), header(r, AsyncApiDocument.REQUEST_ID_HEADER),
                            header(r, AsyncApiDocument.TRACEPARENT_HEADER)));
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String header(ConsumerRecord<String, byte[]> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), java.nio.charset.StandardCharsets.UTF_8);
    }
}
