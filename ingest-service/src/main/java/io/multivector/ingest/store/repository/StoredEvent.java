package io.multivector.ingest.store.repository;

import java.util.UUID;

/** A row of the event store, as much of it as the append path and the relay need. */
public record StoredEvent(long sequence, UUID id, String stream, long streamVersion, String type, String topic,
                          byte[] contentSha256, String envelope) {
}
