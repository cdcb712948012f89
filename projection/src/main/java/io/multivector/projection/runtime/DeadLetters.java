package io.multivector.projection.runtime;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.ExecutionException;

/**
 * Records that a projection could not apply: sent to {@code <topic>.dlq} with the reason and the
 * original coordinates in headers (for subscribers), and kept in {@code dead_letters} (for the admin
 * API and retries). Parking happens inside the batch's transaction; the Kafka copy is sent first,
 * so a crash can at worst send it twice, never lose it.
 */
final class DeadLetters {

    static final String REASON = "mv-dlq-reason";
    static final String ORIGIN_TOPIC = "mv-dlq-topic";
    static final String ORIGIN_PARTITION = "mv-dlq-partition";
    static final String ORIGIN_OFFSET = "mv-dlq-offset";
    static final String PROJECTION = "mv-dlq-projection";

    private DeadLetters() {
    }

    static void park(Connection c, KafkaProducer<String, byte[]> producer, String projection,
                     List<BatchApplier.DeadLetter> dead) throws SQLException {
        if (dead.isEmpty()) {
            return;
        }
        try {
            for (BatchApplier.DeadLetter d : dead) {
                RecordHeaders h = new RecordHeaders();
                h.add(REASON, bytes(d.reason()));
                h.add(ORIGIN_TOPIC, bytes(d.record().topic()));
                h.add(ORIGIN_PARTITION, bytes(Integer.toString(d.record().partition())));
                h.add(ORIGIN_OFFSET, bytes(Long.toString(d.record().offset())));
                h.add(PROJECTION, bytes(projection));
                producer.send(new ProducerRecord<>(d.record().topic() + ".dlq", null, d.record().key(), d.record().value(), h)).get();
            }
        } catch (ExecutionException e) {
            throw new SQLException("could not send a dead letter to Kafka", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while sending a dead letter", e);
        }
        try (PreparedStatement ps = c.prepareStatement("insert into dead_letters (projection, topic, partition, \"offset\","
                + " record_key, value, reason, failed_at) values (?, ?, ?, ?, ?, ?, ?, now())"
                + " on conflict (projection, topic, partition, \"offset\") do nothing")) {
            for (BatchApplier.DeadLetter d : dead) {
                ps.setString(1, projection);
                ps.setString(2, d.record().topic());
                ps.setInt(3, d.record().partition());
                ps.setLong(4, d.record().offset());
                ps.setString(5, d.record().key());
                ps.setBytes(6, d.record().value());
                ps.setString(7, d.reason().length() > 4000 ? d.reason().substring(0, 4000) : d.reason());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
