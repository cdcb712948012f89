package io.multivector.ingest.store.service;

import java.util.UUID;

/**
 * Where an appended event now stands. {@code created} is false when the append was a retry of an
 * event already stored with the same id and content: nothing new was written.
 */
public record Appended(UUID id, long sequence, String stream, long streamVersion, String topic, boolean created) {
}
