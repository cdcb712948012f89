package io.multivector.projection.runtime;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How far a generation got in each partition it consumes ({@code consumer_offsets}): the next offset to read, and the
 * highest store sequence applied from it. The relay publishes each partition in sequence order, so a record at or below
 * that sequence is a copy, whether Kafka delivered it again or the relay published it twice: that is the dedupe, one
 * row per partition instead of an id per event.
 * <p>
 * A batch locks its partitions' rows before it reads them ({@link #lock}), in one order for every instance, so an
 * instance that takes a partition over in a rebalance waits for the batch in flight and then sees what it applied.
 */
final class PartitionPositions {

    private record Key(String topic, int partition) implements Comparable<Key> {

        static Key of(Incoming record) {
            return new Key(record.topic(), record.partition());
        }

        @Override
        public int compareTo(Key o) {
            int byTopic = topic.compareTo(o.topic);
            return byTopic != 0 ? byTopic : Integer.compare(partition, o.partition);
        }
    }

    /** The highest sequence applied per partition, as the batch advances it. */
    private final Map<Key, Long> applied;
    /** When the last event the batch applied from each partition was recorded. */
    private final Map<Key, Instant> recorded = new HashMap<>();

    private PartitionPositions(Map<Key, Long> applied) {
        this.applied = applied;
    }

    /** Locks the positions of the partitions {@code batch} comes from (creating those not seen yet) and reads them. */
    static PartitionPositions lock(Connection c, String schema, List<Incoming> batch) throws SQLException {
        Map<Key, Long> first = new TreeMap<>();
        for (Incoming in : batch) {
            first.merge(Key.of(in), in.offset(), Math::min);
        }
        Map<Key, Long> applied = new HashMap<>();
        if (first.isEmpty()) {
            return new PartitionPositions(applied);
        }
        // a no-op update takes the row lock, and answers the position as the last commit left it
        try (PreparedStatement ps = c.prepareStatement(("insert into %s.consumer_offsets as o (topic, partition, next_offset)"
                + " select * from unnest(?::text[], ?::int[], ?::bigint[]) order by 1, 2"
                + " on conflict (topic, partition) do update set next_offset = o.next_offset"
                + " returning topic, partition, applied_sequence").formatted(schema))) {
            ps.setArray(1, c.createArrayOf("text", first.keySet().stream().map(Key::topic).toArray()));
            ps.setArray(2, c.createArrayOf("integer", first.keySet().stream().map(Key::partition).toArray()));
            ps.setArray(3, c.createArrayOf("bigint", first.values().toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    applied.put(new Key(rs.getString(1), rs.getInt(2)), rs.getLong(3));
                }
            }
        }
        return new PartitionPositions(applied);
    }

    /**
     * True, and the position moves to {@code sequence}, if {@code record} comes after what its partition applied; false
     * for a copy. Records of a partition are offered in offset order.
     */
    boolean advance(Incoming record, long sequence, Instant recordedAt) {
        Key key = Key.of(record);
        if (sequence <= applied.getOrDefault(key, 0L)) {
            return false;
        }
        applied.put(key, sequence);
        recorded.merge(key, recordedAt, (a, b) -> a.isAfter(b) ? a : b);
        return true;
    }

    /** Stores each partition's next offset, highest sequence applied, and when the last event applied was recorded. */
    void record(Connection c, String schema, List<Incoming> batch) throws SQLException {
        Map<Key, Long> next = new TreeMap<>();
        for (Incoming in : batch) {
            next.merge(Key.of(in), in.offset() + 1, Math::max);
        }
        try (PreparedStatement ps = c.prepareStatement(("update %s.consumer_offsets set next_offset = greatest(next_offset, ?),"
                + " applied_sequence = greatest(applied_sequence, ?), last_event_time = coalesce(?, last_event_time)"
                + " where topic = ? and partition = ?").formatted(schema))) {
            for (Map.Entry<Key, Long> e : next.entrySet()) {
                Instant time = recorded.get(e.getKey());
                ps.setLong(1, e.getValue());
                ps.setLong(2, applied.getOrDefault(e.getKey(), 0L));
                ps.setTimestamp(3, time == null ? null : Timestamp.from(time));
                ps.setString(4, e.getKey().topic());
                ps.setInt(5, e.getKey().partition());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /**
     * Notes the records this generation passed without applying them (dead letters): only those can be applied later,
     * by a retry ({@link #unpark}). A rebuild applies again what an earlier generation parked, if it now can.
     */
    static void park(Connection c, String schema, List<BatchApplier.DeadLetter> dead) throws SQLException {
        if (dead.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(("insert into %s.passed_over (topic, partition, \"offset\") values (?, ?, ?)"
                + " on conflict do nothing").formatted(schema))) {
            for (BatchApplier.DeadLetter d : dead) {
                ps.setString(1, d.record().topic());
                ps.setInt(2, d.record().partition());
                ps.setLong(3, d.record().offset());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /**
     * True if this generation passed {@code record} over, which it then no longer has: a retry applies it. False if
     * the generation applied it (a rebuild after a fix, or a retry before).
     */
    static boolean unpark(Connection c, String schema, Incoming record) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("delete from %s.passed_over where topic = ? and partition = ? and \"offset\" = ?"
                .formatted(schema))) {
            ps.setString(1, record.topic());
            ps.setInt(2, record.partition());
            ps.setLong(3, record.offset());
            return ps.executeUpdate() > 0;
        }
    }
}
