package io.multivector.ingest.store.repository;

import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

    /**
     * The first stored event of each type that carries each entity key (a treaty's signing, a route's
     * registration, an event's retraction), keyed {@code type/key}; keys not stored are absent.
     */
    public Map<String, StoredEvent> findByEntities(Connection c, Map<String, ? extends Collection<String>> keysByType)
            throws SQLException {
        List<String> types = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        keysByType.forEach((type, ks) -> ks.forEach(k -> {
            types.add(type);
            keys.add(k);
        }));
        Map<String, StoredEvent> found = new HashMap<>();
        if (keys.isEmpty()) {
            return found;
        }
        try (PreparedStatement ps = c.prepareStatement("select distinct on (e.type, e.entity_key) e.entity_key, " + prefixed("e")
                + " from unnest(?::text[], ?::text[]) as w(type, entity_key)"
                + " join event_store e on e.type = w.type and e.entity_key = w.entity_key"
                + " order by e.type, e.entity_key, e.sequence")) {
            ps.setArray(1, c.createArrayOf("text", types.toArray()));
            ps.setArray(2, c.createArrayOf("text", keys.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    StoredEvent e = row(rs, 1);
                    found.put(e.type() + "/" + rs.getString(1), e);
                }
            }
        }
        return found;
    }

    private static String prefixed(String alias) {
        return alias + "." + COLUMNS.replace(", ", ", " + alias + ".");
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

    /** The group's rows in one statement: an array per column, unnested by the server (one parse, one plan, one executor run). */
    public void insert(Connection c, List<NewEvent> events) throws SQLException {
        int n = events.size();
        Object[] sequence = new Object[n], id = new Object[n], stream = new Object[n], version = new Object[n], type = new Object[n],
                topic = new Object[n], occurred = new Object[n], recorded = new Object[n], actors = new Object[n], entity = new Object[n],
                envelope = new Object[n], requestId = new Object[n], traceparent = new Object[n], writtenBy = new Object[n];
        byte[][] sha = new byte[n][];
        for (int i = 0; i < n; i++) {
            NewEvent e = events.get(i);
            sequence[i] = e.sequence();
            id[i] = e.id();
            stream[i] = e.stream();
            version[i] = e.streamVersion();
            type[i] = e.type();
            topic[i] = e.topic();
            occurred[i] = e.occurredFrom().toString();
            recorded[i] = e.recordedAt().toString();
            actors[i] = ActorList.join(e.actors());
            entity[i] = e.entityKey();
            sha[i] = e.contentSha256();
            envelope[i] = e.envelope();
            requestId[i] = e.requestId();
            traceparent[i] = e.traceparent();
            writtenBy[i] = e.writtenBy();
        }
        try (PreparedStatement ps = c.prepareStatement("insert into event_store (sequence, id, stream, stream_version,"
                + " type, topic, occurred_from, recorded_at, actors, entity_key, content_sha256, envelope, request_id, traceparent,"
                + " written_by) select s, i, st, v, ty, tp, o, r, " + ActorList.SPLIT_SQL + ", k, h, e, q, t, w from unnest(?::bigint[],"
                + " ?::uuid[], ?::text[], ?::bigint[], ?::text[], ?::text[], ?::date[], ?::timestamptz[], ?::text[], ?::text[],"
                + " ?::bytea[], ?::text[], ?::text[], ?::text[], ?::text[]) as u(s, i, st, v, ty, tp, o, r, a, k, h, e, q, t, w)")) {
            ps.setArray(1, c.createArrayOf("bigint", sequence));
            ps.setArray(2, c.createArrayOf("uuid", id));
            ps.setArray(3, c.createArrayOf("text", stream));
            ps.setArray(4, c.createArrayOf("bigint", version));
            ps.setArray(5, c.createArrayOf("text", type));
            ps.setArray(6, c.createArrayOf("text", topic));
            ps.setArray(7, c.createArrayOf("date", occurred));
            ps.setArray(8, c.createArrayOf("timestamptz", recorded));
            ps.setArray(9, c.createArrayOf("text", actors));
            ps.setArray(10, c.createArrayOf("text", entity));
            ps.setArray(11, c.createArrayOf("bytea", sha));
            ps.setArray(12, c.createArrayOf("text", envelope));
            ps.setArray(13, c.createArrayOf("text", requestId));
            ps.setArray(14, c.createArrayOf("text", traceparent));
            ps.setArray(15, c.createArrayOf("text", writtenBy));
            ps.executeUpdate();
        }
    }

    /** An event's actors as one array element: joined by a character no actor code holds, split again by the server. */
    static final class ActorList {
        private static final char SEPARATOR = '\u001f';
        static final String SPLIT_SQL = "string_to_array(a, chr(31))";

        private ActorList() {
        }

        static String join(List<String> actors) {
            for (String a : actors) {
                if (a.indexOf(SEPARATOR) >= 0) {
                    throw new IllegalArgumentException("an actor code holds the unit separator: " + a);
                }
            }
            return String.join(String.valueOf(SEPARATOR), actors);
        }
    }

    private static StoredEvent row(ResultSet rs) throws SQLException {
        return row(rs, 0);
    }

    /** The event's columns after {@code skip} leading ones. */
    private static StoredEvent row(ResultSet rs, int skip) throws SQLException {
        return new StoredEvent(rs.getLong(skip + 1), rs.getObject(skip + 2, UUID.class), rs.getString(skip + 3), rs.getLong(skip + 4),
                rs.getString(skip + 5), rs.getString(skip + 6), rs.getBytes(skip + 7), rs.getString(skip + 8));
    }
}
