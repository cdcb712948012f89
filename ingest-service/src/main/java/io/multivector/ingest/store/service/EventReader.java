package io.multivector.ingest.store.service;

import io.multivector.ingest.store.repository.RecordedEvent;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.ToLongFunction;

/** Reads of the store; every read sees committed events only. */
@ApplicationScoped
public class EventReader {

    /** A page of stored events as their CloudEvents JSON, with the cursor of the next page if there is one. */
    public record Page(List<String> envelopes, String next) {
    }

    /** A stored event; its provenance fields are for admins only. */
    public Optional<RecordedEvent> byId(UUID id) {
        return RecordedEvent.findByEventId(id);
    }

    public Page list(RecordedEvent.Filter filter, long after, int limit) {
        return page(RecordedEvent.listed(filter, after, limit + 1), limit, e -> e.sequence);
    }

    public Page stream(String stream, long after, int limit) {
        return page(RecordedEvent.ofStream(stream, after, limit + 1), limit, e -> e.streamVersion);
    }

    /** One more row than the page was read to learn whether a next page exists. */
    private static Page page(List<RecordedEvent> rows, int limit, ToLongFunction<RecordedEvent> cursor) {
        boolean more = rows.size() > limit;
        List<RecordedEvent> shown = more ? rows.subList(0, limit) : rows;
        return new Page(shown.stream().map(e -> e.envelope).toList(),
                more ? Long.toString(cursor.applyAsLong(shown.getLast())) : null);
    }
}
