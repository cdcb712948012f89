package io.multivector.ingest.store.service;

/**
 * The request an event came with ({@code X-Request-Id}, W3C {@code traceparent}): stored beside the
 * event and put on its Kafka record, so a record can be traced back to the call that made it.
 */
public record Correlation(String requestId, String traceparent) {

    public static final Correlation NONE = new Correlation(null, null);
}
