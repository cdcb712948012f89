package io.multivector.drills;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What one stream's records on a topic say, read from the beginning of every partition: which event
 * ids are there and how often, and the stream versions in the order the records sit on the topic.
 *
 * @param copies         event id → how many records carry it
 * @param streamVersions the records' stream versions, in topic order (one key lives on one partition)
 */
record TopicAudit(Map<String, Integer> copies, List<Long> streamVersions) {

    static TopicAudit of(String bootstrapServers, String topic, String key) {
        ObjectMapper json = new ObjectMapper();
        Map<String, Integer> copies = new HashMap<>();
        List<Long> versions = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (key.equals(r.key())) {
                        JsonNode e = json.readTree(r.value());
                        copies.merge(e.path("id").asText(), 1, Integer::sum);
                        versions.add(Long.parseLong(e.path("streamversion").asText()));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new TopicAudit(copies, versions);
    }

    /** The partition the relay's producer puts {@code key} on (Kafka's default: murmur2 of the key). */
    static int partitionOf(String key, int partitions) {
        return BuiltInPartitioner.partitionForKey(key.getBytes(StandardCharsets.UTF_8), partitions);
    }

    /** Every id is on the topic exactly once. */
    boolean hasEachOnce(Collection<String> ids) {
        return ids.stream().allMatch(id -> copies.getOrDefault(id, 0) == 1) && copies.values().stream().allMatch(n -> n == 1);
    }

    /** The stream's versions only grow along the topic: consumers see the stream in the order it was written. */
    boolean inStreamVersionOrder() {
        for (int i = 1; i < streamVersions.size(); i++) {
            if (streamVersions.get(i) <= streamVersions.get(i - 1)) {
                return false;
            }
        }
        return true;
    }
}
