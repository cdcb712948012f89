package io.multivector.projection.runtime;

import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The schemas a projection's read model lives in: one per generation ({@code relations_g3}), each
 * with the projection's content tables and the runtime's own (positions, parked records,
 * retractions), so a rebuild fills a new one while the serving one answers.
 */
final class Generations {

    private static final Logger LOG = Logger.getLogger(Generations.class);

    private static final String RUNTIME_DDL = """
            -- applied_sequence: the highest store sequence applied from the partition; the relay publishes each
            -- partition in sequence order, so a record at or below it is a copy (PartitionPositions)
            create table consumer_offsets (
                topic            text   not null,
                partition        int    not null,
                next_offset      bigint not null,
                applied_sequence bigint not null default 0,
                last_event_time  timestamptz,
                primary key (topic, partition)
            );
            -- the records this generation parked as dead letters: only those can be applied by a retry
            create table passed_over (
                topic     text   not null,
                partition int    not null,
                "offset"  bigint not null,
                primary key (topic, partition, "offset")
            );
            -- recorded: when the retraction was recorded, so answers as known before it still count what it retracted
            create table retractions (
                retracted_id  uuid        primary key,
                retraction_id uuid        not null,
                recorded      timestamptz not null
            );
            -- bumped by every applied batch, in its transaction: the read model's position, for ETags
            create table model_version (
                one     boolean primary key default true check (one),
                version bigint  not null
            );
            insert into model_version (version) values (0);
            """;

    private Generations() {
    }

    static String schemaName(Projection p, int generation) {
        return p.name() + "_g" + generation;
    }

    /**
     * The serving generation, created (generation 1) when the projection has none yet. A generation created with
     * other tables than the projection's now (an upgrade changed them) cannot be read or folded into: the next
     * generation replaces it at once, empty, and fills from the start of the topics (its lag shows how far it got).
     */
    static String ensureServing(Connection c, Projection p) throws SQLException {
        String digest = digest(p);
        try (PreparedStatement ps = c.prepareStatement("select serving_schema, generation, content_digest from projection_state"
                + " where name = ? for update")) {
            ps.setString(1, p.name());
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    String schema = rs.getString(1);
                    if (digest.equals(rs.getString(3))) {
                        return schema;
                    }
                    String next = schemaName(p, rs.getInt(2) + 1);
                    LOG.warnf("the tables of projection %s changed since %s was built: building %s from the start of the topics",
                            p.name(), schema, next);
                    create(c, p, next, true);
                    switchTo(c, p, next, rs.getInt(2) + 1);
                    drop(c, schema);
                    return next;
                }
            }
        }
        String schema = schemaName(p, 1);
        create(c, p, schema, true);
        try (PreparedStatement ps = c.prepareStatement("insert into projection_state (name, serving_schema, generation, switched_at,"
                + " content_digest) values (?, ?, 1, now(), ?) on conflict (name) do nothing")) {
            ps.setString(1, p.name());
            ps.setString(2, schema);
            ps.setString(3, digest);
            ps.executeUpdate();
        }
        return serving(c, p.name(), false).orElseThrow();
    }

    /**
     * The tables the rows of retracted events go aside to ({@link Projection#retractedTable}): each content table's
     * columns and indexes (an answer as known at a time reads it as it reads the table), then when the retraction was
     * recorded.
     */
    static String retractedDdl(Projection p) {
        return p.contentTables().stream().map(table -> "create table " + Projection.retractedTable(table) + " (like " + table
                + " including indexes, retracted timestamptz not null);").collect(java.util.stream.Collectors.joining("\n"));
    }

    /**
     * An index by event on every content table and its retracted table: what a retraction finds an event's rows by. A
     * rebuild builds them once it has caught up, as it does the indexes for reads: while it reads, it moves no rows
     * aside ({@link BatchApplier#moveAllRetracted}), and a sorted build costs less than keeping an index of random
     * ids through every insert.
     */
    static String eventIndexDdl(Projection p) {
        return p.contentTables().stream().flatMap(table -> java.util.stream.Stream.of(table, Projection.retractedTable(table)))
                .map(table -> "create index " + table + "_event on " + table + " (event_id);")
                .collect(java.util.stream.Collectors.joining("\n"));
    }

    /**
     * What a generation's tables are made of: the runtime's DDL and the projection's, and the periods its running totals
     * are kept at (a generation folded at other grains cannot answer from its totals).
     */
    static String digest(Projection p) {
        try {
            byte[] sha = MessageDigest.getInstance("SHA-256").digest((RUNTIME_DDL + "\n" + p.contentDdl() + "\n" + retractedDdl(p)
                    + "\n" + eventIndexDdl(p) + "\n" + p.readIndexDdl() + "\n" + RunningTotals.periods("day")).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The serving schema; {@code lock} takes a share lock so no switch happens before commit. */
    static Optional<String> serving(Connection c, String name, boolean lock) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select serving_schema from projection_state where name = ?"
                + (lock ? " for share" : ""))) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    static int generation(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select generation from projection_state where name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /**
     * @param indexed false for a rebuild, which adds the indexes by event and for reads when it has caught up
     *                ({@link #addIndexes})
     */
    static void create(Connection c, Projection p, String schema, boolean indexed) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("drop schema if exists " + schema + " cascade");
            s.execute("create schema " + schema);
            s.execute("set local search_path to " + schema);
            s.execute(RUNTIME_DDL);
            s.execute(p.contentDdl());
            s.execute(retractedDdl(p));
            if (indexed) {
                s.execute(eventIndexDdl(p));
                if (!p.readIndexDdl().isBlank()) {
                    s.execute(p.readIndexDdl());
                }
            }
            s.execute("set local search_path to public");
        }
    }

    /** Every table of a generation that the projection fills: its content tables, running totals and derived tables. */
    static List<String> tables(Projection p) {
        List<String> all = new ArrayList<>(p.contentTables());
        p.totals().forEach(t -> all.add(t.table()));
        p.derivations().forEach(d -> all.add(d.table()));
        return all;
    }

    /** The indexes by event and for reads, then fresh planner statistics of every table: before a rebuilt generation serves. */
    static void addIndexes(Connection c, Projection p, String schema) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("set local search_path to " + schema);
            s.execute(eventIndexDdl(p));
            if (!p.readIndexDdl().isBlank()) {
                s.execute(p.readIndexDdl());
            }
            s.execute("set local search_path to public");
            s.execute("analyze " + String.join(", ", tables(p).stream().map(t -> schema + "." + t).toList()));
        }
    }

    /** Makes {@code schema} the serving generation; waits for batches in flight on the old one. */
    static String switchTo(Connection c, Projection p, String schema, int generation) throws SQLException {
        String old;
        try (PreparedStatement ps = c.prepareStatement("select serving_schema from projection_state where name = ? for update")) {
            ps.setString(1, p.name());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                old = rs.getString(1);
            }
        }
        try (PreparedStatement ps = c.prepareStatement("update projection_state set serving_schema = ?, generation = ?,"
                + " switched_at = now(), content_digest = ? where name = ?")) {
            ps.setString(1, schema);
            ps.setInt(2, generation);
            ps.setString(3, digest(p));
            ps.setString(4, p.name());
            ps.executeUpdate();
        }
        return old;
    }

    static void drop(Connection c, String schema) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("drop schema if exists " + schema + " cascade");
        }
    }
}
