package io.multivector.ingest.store.service;

/**
 * The request an event came with ({@code X-Request-Id}, W3C {@code traceparent}) and the name of the
 * API key that wrote it (as the gateway vouches for it): stored beside the event; the first two are
 * put on its Kafka record, so a record can be traced back to the call that made it.
 */
public record Correlation(String requestId, String traceparent, String writtenBy) {

    public static final Correlation NONE = new Correlation(null, null, null);
}
