package io.multivector.ingest.store.repository;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** A row about to be appended; {@code writtenBy} is the name of the API key that wrote it (null when no gateway said). */
public record NewEvent(long sequence, UUID id, String stream, long streamVersion, String type, String topic,
                       LocalDate occurredFrom, Instant recordedAt, List<String> actors, String entityKey,
                       byte[] contentSha256, String envelope, String requestId, String traceparent, String writtenBy) {
}
