package io.multivector.ingest.relay.service;

/** A stored event as the relay publishes it: where it goes, its bytes, and the request it came with. */
public record RelayRow(long sequence, String stream, String topic, String envelope, String requestId, String traceparent) {
}
