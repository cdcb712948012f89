package io.multivector.projection.runtime;

import io.multivector.events.Event;
import io.multivector.events.Topic;

import java.util.List;

/**
 * A read model, written as a pure function from an event to the rows it adds. Everything else —
 * consuming, batching, transactions, offsets, dedupe, retractions, dead letters, rebuilds and
 * checksums — is the runtime's.
 * <p>
 * The runtime folds these rows into the projection's {@link RunningTotals}, in any order with the same
 * content, and a retraction is exact: the runtime subtracts what the retracted event's rows added to
 * the totals, deletes those rows, and suppresses them if the event arrives after its retraction.
 */
public interface Projection {

    /** Short, lower-case name; also the prefix of its schemas and its consumer group. */
    String name();

    List<Topic> topics();

    /**
     * DDL of the content tables, without schema names: the runtime runs it in each new
     * generation's schema. Every content table has an {@code event_id uuid not null} column.
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

    /** Tables of running totals folded from the content rows; the DDL creates them with their keys as primary key. */
    default List<RunningTotals> totals() {
        return List.of();
    }

    /** Tables derived per key from the content rows (periods); the DDL creates them. */
    default List<KeyedDerivation> derivations() {
        return List.of();
    }

    /** The rows this event adds to the read model; none for an event this projection ignores. */
    List<Row> apply(Event event);
}
