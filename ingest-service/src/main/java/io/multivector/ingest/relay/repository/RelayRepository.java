package io.multivector.ingest.relay.repository;

import io.multivector.ingest.relay.service.RelayRow;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** SQL of the relay: its leader lock, the store read in sequence order, the store's end, and its cursor. */
@ApplicationScoped
public class RelayRepository {

    private static final long LEADER_LOCK = 0x6d76_7265_6c61_79L; // "mvrelay"

    /** Takes the relay's session-level advisory lock on this connection; false when another instance holds it. */
    public boolean tryLead(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select pg_try_advisory_lock(?)")) {
            ps.setLong(1, LEADER_LOCK);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /** Up to {@code limit} stored events after {@code after}, in sequence order. */
    public List<RelayRow> after(Connection c, long after, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select sequence, stream, topic, envelope, request_id, traceparent"
                + " from event_store where sequence > ? order by sequence limit ?")) {
            ps.setLong(1, after);
            ps.setInt(2, limit);
            List<RelayRow> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new RelayRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getString(6)));
                }
            }
            return rows;
        }
    }

    /** The last sequence taken by an append (committed, since the counter's row lock is held to commit). */
    public long lastSequence(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select last_sequence from store_position where id = 1");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    public long readCursor(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select published_through from relay_cursor where name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    public void writeCursor(Connection c, String name, long sequence) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("insert into relay_cursor (name, published_through, updated_at)"
                + " values (?, ?, now()) on conflict (name) do update set published_through = excluded.published_through,"
                + " updated_at = excluded.updated_at")) {
            ps.setString(1, name);
            ps.setLong(2, sequence);
            ps.executeUpdate();
        }
    }
}
