package io.multivector.ingest.store.service;

import io.multivector.events.asyncapi.AsyncApiDocument;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapSetter;

/**
 * The request an event came with ({@code X-Request-Id}, W3C {@code traceparent}) and the name of the
 * API key that wrote it (as the gateway vouches for it): stored beside the event; the first two are
 * put on its Kafka record, so a record can be traced back to the call that made it.
 */
public record Correlation(String requestId, String traceparent, String writtenBy) {

    public static final Correlation NONE = new Correlation(null, null, null);

    private static final TextMapSetter<String[]> TRACEPARENT = (carrier, key, value) -> {
        if (AsyncApiDocument.TRACEPARENT_HEADER.equals(key)) {
            carrier[0] = value;
        }
    };

    /**
     * The request's correlation, its trace context being the current span's (the request's server span) in the
     * W3C form OpenTelemetry's propagator writes: the relay publishes that string as it is, when the request is long over.
     */
    public static Correlation ofCurrentTrace(String requestId, String writtenBy) {
        String[] traceparent = new String[1];
        W3CTraceContextPropagator.getInstance().inject(Context.current(), traceparent, TRACEPARENT);
        return new Correlation(requestId, traceparent[0], writtenBy);
    }
}
