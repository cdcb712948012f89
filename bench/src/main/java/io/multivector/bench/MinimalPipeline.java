package io.multivector.bench;

import io.multivector.devstack.DevInfrastructure;
import io.multivector.devstack.EmbeddedDatabase;
import io.multivector.devstack.KafkaTopics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The bound for this architecture on this machine: the same rows inserted by plain JDBC (a commit per
 * NDJSON-batch size), the same values sent by a plain producer after each commit, and two plain
 * consumers (as many as there are projectors) doing one upsert per event and committing per poll.
 * Events a second from the first insert until both consumers have seen every event.
 */
final class MinimalPipeline {

    static final String TOPIC = "bench.pipeline.v1";
    private static final int CONSUMERS = 2;

    private MinimalPipeline() {
    }

    static double run(DevInfrastructure infra, List<EventGenerator.Generated> events, int batchLines) throws Exception {
        KafkaTopics.ensure(infra.bootstrapServers(), List.of(TOPIC), infra.settings().partitions(), infra.kafka().settings());
        infra.database().createDatabaseIfMissing(RawBaselines.DATABASE);
        String url = infra.jdbcUrl(RawBaselines.DATABASE);
        try (Connection c = EmbeddedDatabase.connect(url);
             Statement s = c.createStatement()) {
            s.execute("drop table if exists pipeline_events");
            s.execute("create table pipeline_events (sequence bigint primary key, id uuid not null unique, stream text not null,"
                    + " type text not null, envelope text not null)");
            for (int i = 0; i < CONSUMERS; i++) {
                s.execute("drop table if exists pipeline_counts_" + i);
                s.execute("create table pipeline_counts_" + i + " (stream text primary key, n bigint not null)");
            }
        }
        String run = Long.toString(System.nanoTime(), 36);
        CountDownLatch assigned = new CountDownLatch(CONSUMERS);
        CountDownLatch consumed = new CountDownLatch(CONSUMERS);
        AtomicReference<Exception> failed = new AtomicReference<>();
        Thread[] consumers = new Thread[CONSUMERS];
        for (int i = 0; i < CONSUMERS; i++) {
            int n = i;
            consumers[i] = Thread.ofPlatform().name("pipeline-consumer-" + i).daemon().start(() -> {
                try {
                    consume(infra, url, "bench-pipeline-" + run + "-" + n, "pipeline_counts_" + n, events.size(), assigned);
                } catch (Exception e) {
                    failed.compareAndSet(null, e);
                    assigned.countDown();
                } finally {
                    consumed.countDown();
                }
            });
        }
        if (!assigned.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the pipeline's consumers were not assigned their partitions in 30 s");
        }
        long t0;
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(RawBaselines.producerConfig(infra));
             Connection c = EmbeddedDatabase.connect(url);
             PreparedStatement ps = c.prepareStatement("insert into pipeline_events values (?, ?, ?, ?, ?)")) {
            producer.partitionsFor(TOPIC);
            c.setAutoCommit(false);
            t0 = System.nanoTime();
            for (int from = 0; from < events.size(); from += batchLines) {
                int to = Math.min(events.size(), from + batchLines);
                byte[][] values = new byte[to - from][];
                for (int i = from; i < to; i++) {
                    EventGenerator.Generated g = events.get(i);
                    values[i - from] = RawBaselines.asStored(g, i + 1);
                    ps.setLong(1, i + 1);
                    ps.setObject(2, UUID.fromString(g.id()));
                    ps.setString(3, stream(i));
                    ps.setString(4, g.type());
                    ps.setString(5, new String(values[i - from], StandardCharsets.UTF_8));
                    ps.addBatch();
                }
                ps.executeBatch();
                c.commit();
                for (int i = from; i < to; i++) {
                    producer.send(new ProducerRecord<>(TOPIC, stream(i), values[i - from]), (m, e) -> {
                        if (e != null) {
                            failed.compareAndSet(null, e);
                        }
                    });
                }
            }
            producer.flush();
        }
        if (!consumed.await(120 + events.size() / 1000, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the pipeline's consumers did not see every event in time");
        }
        double rate = events.size() / ((System.nanoTime() - t0) / 1e9);
        if (failed.get() != null) {
            throw new IllegalStateException("the minimal pipeline failed", failed.get());
        }
        return rate;
    }

    private static String stream(int i) {
        return "S" + (i % 3000);
    }

    private static void consume(DevInfrastructure infra, String url, String group, String table, int expected,
                                CountDownLatch assigned) throws Exception {
        Map<String, Object> cfg = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(cfg);
             Connection c = EmbeddedDatabase.connect(url);
             PreparedStatement ps = c.prepareStatement("insert into " + table + " values (?, 1)"
                     + " on conflict (stream) do update set n = " + table + ".n + 1")) {
            c.setAutoCommit(false);
            consumer.subscribe(List.of(TOPIC));
            while (consumer.assignment().isEmpty()) {
                consumer.poll(Duration.ofMillis(100));
            }
            // "latest" is resolved lazily: fix the start now, before the producer's first record
            consumer.assignment().forEach(consumer::position);
            assigned.countDown();
            int seen = 0;
            while (seen < expected) {
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(200));
                if (records.isEmpty()) {
                    continue;
                }
                for (ConsumerRecord<String, byte[]> r : records) {
                    ps.setString(1, r.key());
                    ps.addBatch();
                }
                ps.executeBatch();
                c.commit();
                consumer.commitSync();
                seen += records.count();
            }
        }
    }
}
