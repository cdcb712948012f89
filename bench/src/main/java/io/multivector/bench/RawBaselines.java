package io.multivector.bench;

import io.multivector.devstack.DevInfrastructure;
import io.multivector.devstack.EmbeddedDatabase;
import io.multivector.devstack.KafkaTopics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The floor the system is measured against, on the same broker and the same PostgreSQL in the same
 * run: a plain idempotent producer with acks=all, and plain batched JDBC.
 */
final class RawBaselines {

    static final String TOPIC = "bench.raw.v1";
    static final String DATABASE = "bench_raw";

    private RawBaselines() {
    }

    /**
     * The stored form of a generated line: the attributes the store adds (subject, time, sequence,
     * stream version, schema), so raw records are as large as the real ones.
     */
    static byte[] asStored(EventGenerator.Generated g, long sequence) {
        String extra = "{\"subject\":\"KZ~RU\",\"time\":\"2026-01-01T00:00:00.000000Z\",\"datacontenttype\":\"application/json\","
                + "\"dataschema\":\"urn:multivector:schema:" + g.type() + ":1\",\"sequence\":\"" + sequence + "\",\"streamversion\":\""
                + (sequence % 5000) + "\",";
        return (extra + g.json().substring(1)).getBytes(StandardCharsets.UTF_8);
    }

    /** A plain producer as the relay's: idempotent, acks=all, string keys, byte values. */
    static Map<String, Object> producerConfig(DevInfrastructure infra) {
        return Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    }

    /** Records a second sent by a plain producer, counted until the last is acknowledged. */
    static double kafka(DevInfrastructure infra, List<EventGenerator.Generated> events) {
        KafkaTopics.ensure(infra.bootstrapServers(), List.of(TOPIC), infra.settings().partitions(), infra.kafka().settings());
        Map<String, Object> cfg = producerConfig(infra);
        byte[][] values = new byte[events.size()][];
        for (int i = 0; i < values.length; i++) {
            values[i] = asStored(events.get(i), i + 1);
        }
        AtomicReference<Exception> failed = new AtomicReference<>();
        try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(cfg)) {
            p.partitionsFor(TOPIC); // metadata before the clock starts
            long t0 = System.nanoTime();
            for (int i = 0; i < values.length; i++) {
                p.send(new ProducerRecord<>(TOPIC, events.get(i).id(), values[i]), (m, e) -> {
                    if (e != null) {
                        failed.compareAndSet(null, e);
                    }
                });
            }
            p.flush();
            double rate = events.size() / ((System.nanoTime() - t0) / 1e9);
            if (failed.get() != null) {
                throw new IllegalStateException("raw producer failed", failed.get());
            }
            return rate;
        }
    }

    /** Rows a second: [0] batched insert of the stored events, [1] batched upsert of one counter row per event. */
    static double[] jdbc(DevInfrastructure infra, List<EventGenerator.Generated> events, int batchLines) throws Exception {
        infra.database().createDatabaseIfMissing(DATABASE);
        try (Connection c = EmbeddedDatabase.connect(infra.jdbcUrl(DATABASE) + "?reWriteBatchedInserts=true")) {
            try (Statement s = c.createStatement()) {
                s.execute("drop table if exists raw_events");
                s.execute("drop table if exists raw_counts");
                s.execute("create table raw_events (sequence bigint primary key, id uuid not null unique, stream text not null,"
                        + " type text not null, envelope text not null)");
                s.execute("create table raw_counts (a text, b text, type text, n bigint not null, primary key (a, b, type))");
            }
            c.setAutoCommit(false);
            long t0 = System.nanoTime();
            try (PreparedStatement ps = c.prepareStatement("insert into raw_events values (?, ?, ?, ?, ?)")) {
                for (int i = 0; i < events.size(); i++) {
                    EventGenerator.Generated g = events.get(i);
                    ps.setLong(1, i + 1);
                    ps.setObject(2, UUID.fromString(g.id()));
                    ps.setString(3, "S" + (i % 3000));
                    ps.setString(4, g.type());
                    ps.setString(5, new String(asStored(g, i + 1), StandardCharsets.UTF_8));
                    ps.addBatch();
                    if ((i + 1) % 1000 == 0 || i == events.size() - 1) {
                        ps.executeBatch();
                    }
                    if ((i + 1) % batchLines == 0 || i == events.size() - 1) {
                        c.commit();
                    }
                }
            }
            double insert = events.size() / ((System.nanoTime() - t0) / 1e9);
            return new double[]{insert, upsert(infra, events)};
        }
    }

    /** Without rewritten batches: one multi-row upsert may not touch a row twice. */
    private static double upsert(DevInfrastructure infra, List<EventGenerator.Generated> events) throws Exception {
        try (Connection c = EmbeddedDatabase.connect(infra.jdbcUrl(DATABASE))) {
            c.setAutoCommit(false);
            long t0 = System.nanoTime();
            try (PreparedStatement ps = c.prepareStatement("insert into raw_counts values (?, ?, ?, 1)"
                    + " on conflict (a, b, type) do update set n = raw_counts.n + 1")) {
                for (int i = 0; i < events.size(); i++) {
                    EventGenerator.Generated g = events.get(i);
                    int h = g.id().hashCode() & 0x7fffffff;
                    ps.setString(1, "A" + (h % 200));
                    ps.setString(2, "B" + (h / 200 % 200));
                    ps.setString(3, g.type());
                    ps.addBatch();
                    if ((i + 1) % 1000 == 0 || i == events.size() - 1) {
                        ps.executeBatch();
                        c.commit();
                    }
                }
            }
            return events.size() / ((System.nanoTime() - t0) / 1e9);
        }
    }
}
