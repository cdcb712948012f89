package io.multivector.ingest.relay.service;

import io.multivector.events.asyncapi.AsyncApiDocument;
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
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The store sequence of the last record on each partition, read from Kafka itself. The relay
 * publishes each partition in sequence order, so an event whose sequence is at or below its
 * partition's tail is already there: after a crash or a failed send, the relay resends only what
 * is missing, and no event is published twice.
 */
record PublishedTails(Map<TopicPartition, Long> tails) {

    boolean published(String topic, int partition, long sequence) {
        Long tail = tails.get(new TopicPartition(topic, partition));
        return tail != null && sequence <= tail;
    }

    /** Records read per step when looking back past records the relay did not write. */
    static final int WINDOW = 1_000;

    /**
     * The sequence of the last record the relay wrote to {@code tp}. Others may write to a topic too
     * (a subscriber's test feed, a record a projection must park): records without the header are
     * stepped over, looking back in growing windows until one of ours or the partition's start.
     */
    private static java.util.Optional<Long> lastRelayed(KafkaConsumer<byte[], byte[]> consumer, TopicPartition tp, long end,
                                                        Instant deadline) {
        consumer.assign(List.of(tp));
        long to = end;
        long window = WINDOW;
        while (to > 0) {
            long from = Math.max(0, to - window);
            consumer.seek(tp, from);
            Long found = null;
            long position = from;
            while (position < to) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("could not read back the tail of " + tp + " in time");
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.offset() >= to) {
                        break;
                    }
                    Header h = r.headers().lastHeader(AsyncApiDocument.SEQUENCE_HEADER);
                    if (h != null) {
                        found = Long.parseLong(new String(h.value(), StandardCharsets.UTF_8));
                    }
                }
                position = consumer.position(tp);
            }
            if (found != null) {
                return java.util.Optional.of(found);
            }
            to = from;
            window *= 4;
        }
        return java.util.Optional.empty();
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
            Map<TopicPartition, Long> tails = new HashMap<>();
            Instant deadline = Instant.now().plus(timeout);
            for (TopicPartition tp : partitions) {
                lastRelayed(consumer, tp, ends.get(tp), deadline).ifPresent(seq -> tails.put(tp, seq));
            }
            return new PublishedTails(Map.copyOf(tails));
        }
    }
}
