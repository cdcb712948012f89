package io.multivector.ingest.store.rest;

import io.multivector.ingest.store.service.Appended;

import java.util.List;

/** Answers of {@code POST /events}. */
public final class AppendResponse {

    private AppendResponse() {
    }

    /** Where one event now stands; {@code created} is false for an idempotent retry. */
    public record Single(String id, long sequence, String stream, long streamVersion, String topic, boolean created) {
        static Single of(Appended a) {
            return new Single(a.id().toString(), a.sequence(), a.stream(), a.streamVersion(), a.topic(), a.created());
        }
    }

    /**
     * A batch: {@code accepted} lines (all of them: a batch is all or nothing), of which
     * {@code created} were new, and each line's result in order.
     */
    public record Batch(int accepted, int created, List<Single> results) {
        static Batch of(List<Appended> appended) {
            List<Single> results = appended.stream().map(Single::of).toList();
            return new Batch(results.size(), (int) results.stream().filter(Single::created).count(), results);
        }
    }
}
