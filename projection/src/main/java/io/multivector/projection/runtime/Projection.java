package io.multivector.projection.runtime;

import io.multivector.events.Event;
import io.multivector.events.Topic;

import java.util.List;

/**
 * A read model, written as a pure function from an event to the rows it adds. Everything else —
 * consuming, batching, transactions, offsets, dedupe, retractions, dead letters, rebuilds and
 * checksums — is the runtime's.
 * <p>
 * Every answer is aggregated at query time from these rows, so applying events in any order gives
 * the same content, and a retraction is exact: the runtime deletes the rows the retracted event
 * added, and suppresses them if the event arrives after its retraction.
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

    /** The content tables, for checksums and retractions. */
    List<String> contentTables();

    /** The rows this event adds to the read model; none for an event this projection ignores. */
    List<Row> apply(Event event);
}
