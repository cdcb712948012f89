package io.multivector.projection.runtime;

import io.multivector.events.Event;
import io.multivector.events.Topic;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * A read model, written as a pure function from an event to the rows it adds. Everything else —
 * consuming, batching, transactions, offsets, dedupe, retractions, dead letters, rebuilds and
 * checksums — is the runtime's.
 * <p>
 * The runtime folds these rows into the projection's {@link RunningTotals}, in any order with the same
 * content, and a retraction is exact: the runtime subtracts what the retracted event's rows added to
 * the totals and moves those rows aside ({@link #retractedTable}), where they also go if the event arrives after its
 * retraction: what was known at any recorded time stays answerable.
 */
public interface Projection {

    /** Short, lower-case name; also the prefix of its schemas and its consumer group. */
    String name();

    List<Topic> topics();

    /**
     * DDL of the content tables, without schema names: the runtime runs it in each new
     * generation's schema. Every content table has an {@code event_id uuid not null} and a {@code recorded timestamptz
     * not null} column, both set by the runtime: the event's id and when the store recorded it (its {@code time}). The
     * runtime indexes each by {@code event_id} itself ({@link Generations#eventIndexDdl}).
     */
    String contentDdl();

    /**
     * Indexes only the answers read, without schema names: a generation that serves from its start gets them with its
     * tables; a rebuild creates them after it has caught up (then ANALYZE), so replay does not maintain them.
     */
    default String readIndexDdl() {
        return "";
    }

    /** The text of a resource of {@code owner}'s class loader, such as a projection's DDL. */
    static String resource(Class<?> owner, String name) {
        try (java.io.InputStream in = owner.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("no resource " + name);
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The content tables, for checksums and retractions. */
    List<String> contentTables();

    /**
     * Where the runtime moves a content table's rows when their event is retracted (or puts them when the event
     * arrives after its retraction): kept, not deleted, for answers as known at a time before the retraction was
     * recorded. The runtime creates it like the content table (its columns and indexes) with one column more,
     * {@code retracted}: when the retraction was recorded. No answer of what is known now reads it.
     */
    static String retractedTable(String contentTable) {
        return contentTable + "_retracted";
    }

    /** Tables of running totals folded from the content rows; the DDL creates them with their keys as primary key. */
    default List<RunningTotals> totals() {
        return List.of();
    }

    /** Tables derived per key from the content rows (periods); the DDL creates them. */
    default List<KeyedDerivation> derivations() {
        return List.of();
    }

    /** The running totals kept in {@code table}. */
    default RunningTotals totalsOf(String table) {
        return totals().stream().filter(t -> t.table().equals(table)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(name() + " keeps no running totals in " + table));
    }

    /** The derivation that fills {@code table}. */
    default KeyedDerivation derivationOf(String table) {
        return derivations().stream().filter(d -> d.table().equals(table)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(name() + " derives no table " + table));
    }

    /** The rows this event adds to the read model; none for an event this projection ignores. */
    List<Row> apply(Event event);

    /**
     * The rows of an event read from a topic, where {@code published} is the envelope as the store wrote and published
     * it (UTF-8 JSON): for a projection that keeps the envelope, which then need not encode the event again.
     */
    default List<Row> apply(Event event, byte[] published) {
        return apply(event);
    }

    /**
     * Which answers applying {@code event} may change, for the answers kept between batches (CachedAnswers): every
     * answer unless a projection knows better. A projection that names actors must be sure that no answer about
     * another actor reads anything the event adds, derives or takes away.
     */
    default AnswerReach reach(Event event) {
        return AnswerReach.EVERY_ANSWER;
    }

    /**
     * What the events {@code ids} reached when they were applied, read from their rows in generation {@code schema}
     * before a retraction moves them aside: what retracting them reaches. An id with no rows here (not applied, or
     * already retracted) reaches nothing. Every answer unless a projection knows better.
     */
    default AnswerReach reachOfApplied(Connection c, String schema, Set<UUID> ids) throws SQLException {
        return AnswerReach.EVERY_ANSWER;
    }
}
