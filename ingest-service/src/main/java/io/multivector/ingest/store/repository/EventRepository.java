package io.multivector.ingest.store.repository;

import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** SQL of the event store. Every method works inside the caller's connection and transaction. */
@ApplicationScoped
public class EventRepository {

    private static final String COLUMNS = "sequence, id, stream, stream_version, type, topic, content_sha256, envelope";

    public Map<UUID, StoredEvent> findByIds(Connection c, Collection<UUID> ids) throws SQLException {
        Map<UUID, StoredEvent> found = new HashMap<>();
        if (ids.isEmpty()) {
            return found;
        }
        try (PreparedStatement ps = c.prepareStatement("select " + COLUMNS + " from event_store where id = any(?)")) {
            ps.setArray(1, c.createArrayOf("uuid", ids.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    StoredEvent e = row(rs);
                    found.put(e.id(), e);
                }
            }
        }
        return found;
    }

    /** The current version of each named stream that has events. */
    public Map<String, Long> streamVersions(Connection c, Collection<String> streams) throws SQLException {
        Map<String, Long> versions = new HashMap<>();
        if (streams.isEmpty()) {
            return versions;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "select s.stream, (select max(stream_version) from event_store e where e.stream = s.stream)"
                        + " from unnest(?::text[]) as s(stream)")) {
            ps.setArray(1, c.createArrayOf("text", streams.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long v = rs.getLong(2);
                    if (!rs.wasNull()) {
                        versions.put(rs.getString(1), v);
                    }
                }
            }
        }
        return versions;
    }

    /** The stored event of a type that carries this entity key (a treaty's signing, a route's registration). */
    public Optional<StoredEvent> findByEntity(Connection c, String type, String entityKey) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select " + COLUMNS
                + " from event_store where type = ? and entity_key = ? order by sequence limit 1")) {
            ps.setString(1, type);
            ps.setString(2, entityKey);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        }
    }

    /**
     * Takes the next {@code count} sequence numbers. The row lock taken here is held to commit, so
     * appends commit in sequence order.
     */
    public long reserveSequences(Connection c, int count) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "update store_position set last_sequence = last_sequence + ? where id = 1 returning last_sequence")) {
            ps.setInt(1, count);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1) - count + 1;
            }
        }
    }

    public void insert(Connection c, List<NewEvent> events) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("insert into event_store (sequence, id, stream, stream_version,"
                + " type, topic, occurred_from, recorded_at, actors, entity_key, content_sha256, envelope, request_id, traceparent)"
                + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (NewEvent e : events) {
                ps.setLong(1, e.sequence());
                ps.setObject(2, e.id());
                ps.setString(3, e.stream());
                ps.setLong(4, e.streamVersion());
                ps.setString(5, e.type());
                ps.setString(6, e.topic());
                ps.setObject(7, e.occurredFrom());
                ps.setTimestamp(8, Timestamp.from(e.recordedAt()));
                ps.setArray(9, c.createArrayOf("text", e.actors().toArray()));
                ps.setString(10, e.entityKey());
                ps.setBytes(11, e.contentSha256());
                ps.setString(12, e.envelope());
                ps.setString(13, e.requestId());
                ps.setString(14, e.traceparent());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    public Optional<String> envelopeById(Connection c, UUID id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select envelope from event_store where id = ?")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    /** A page of envelopes in sequence order after {@code afterSequence}, filtered by what is given. */
    public List<Paged> page(Connection c, EventFilter f, long afterSequence, int limit) throws SQLException {
        StringBuilder sql = new StringBuilder("select sequence, envelope from event_store where sequence > ?");
        List<Object> args = new ArrayList<>();
        args.add(afterSequence);
        if (f.actor() != null) {
            sql.append(" and actors @> ?");
            args.add(c.createArrayOf("text", new String[]{f.actor()}));
        }
        if (f.type() != null) {
            sql.append(" and type = ?");
            args.add(f.type());
        }
        if (f.from() != null) {
            sql.append(" and occurred_from >= ?");
            args.add(f.from());
        }
        if (f.to() != null) {
            sql.append(" and occurred_from <= ?");
            args.add(f.to());
        }
        sql.append(" order by sequence limit ?");
        args.add(limit);
        return pageOf(c, sql.toString(), args);
    }

    /** A page of one stream in version order; the cursor is the stream version. */
    public List<Paged> streamPage(Connection c, String stream, long afterVersion, int limit) throws SQLException {
        return pageOf(c, "select stream_version, envelope from event_store where stream = ? and stream_version > ?"
                + " order by stream_version limit ?", List.of(stream, afterVersion, limit));
    }

    private static List<Paged> pageOf(Connection c, String sql, List<Object> args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.size(); i++) {
                Object a = args.get(i);
                if (a instanceof Array arr) {
                    ps.setArray(i + 1, arr);
                } else {
                    ps.setObject(i + 1, a);
                }
            }
            List<Paged> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Paged(rs.getLong(1), rs.getString(2)));
                }
            }
            return out;
        }
    }

    public long lastSequence(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select last_sequence from store_position where id = 1");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static StoredEvent row(ResultSet rs) throws SQLException {
        return new StoredEvent(rs.getLong(1), rs.getObject(2, UUID.class), rs.getString(3), rs.getLong(4),
                rs.getString(5), rs.getString(6), rs.getBytes(7), rs.getString(8));
    }

    /** Filters of the event listing; null means "any". */
    public record EventFilter(String actor, String type, LocalDate from, LocalDate to) {
    }

    /** One listed event with its keyset cursor. */
    public record Paged(long cursor, String envelope) {
    }
}
