package io.multivector.ingest.relay.service;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * The store sequence of the last record on each partition, read from Kafka itself. The relay
 * publishes each partition in sequence order, so an event whose sequence is at or below its
 * partition's tail is already there: after a crash or a failed send, the relay resends only what
 * is missing, and no event is published twice.
 */
record PublishedTails(Map<TopicPartition, Long> tails) {

    static final String SEQUENCE_HEADER = "mv-sequence";

    boolean published(String topic, int partition, long sequence) {
        Long tail = tails.get(new TopicPartition(topic, partition));
        return tail != null && sequence <= tail;
    }

    static PublishedTails read(String bootstrapServers, List<String> topics, Duration timeout) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "500");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                for (PartitionInfo info : consumer.partitionsFor(topic, timeout)) {
                    partitions.add(new TopicPartition(topic, info.partition()));
                }
            }
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
            Set<TopicPartition> pending = new HashSet<>();
            consumer.assign(partitions);
            for (TopicPartition tp : partitions) {
                long end = ends.get(tp);
                if (end > 0) {
                    consumer.seek(tp, end - 1);
                    pending.add(tp);
                } else {
                    consumer.pause(List.of(tp));
                }
            }
            Map<TopicPartition, Long> tails = new HashMap<>();
            Instant deadline = Instant.now().plus(timeout);
            while (!pending.isEmpty()) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("could not read the last record of " + pending);
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                    if (r.offset() == ends.get(tp) - 1) {
                        Header h = r.headers().lastHeader(SEQUENCE_HEADER);
                        if (h == null) {
                            throw new IllegalStateException("last record of " + tp + " has no " + SEQUENCE_HEADER + " header");
                        }
                        tails.put(tp, Long.parseLong(new String(h.value(), StandardCharsets.UTF_8)));
                        pending.remove(tp);
                        consumer.pause(List.of(tp));
                    }
                }
            }
            return new PublishedTails(Map.copyOf(tails));
        }
    }
}
