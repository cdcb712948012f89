package io.multivector.projection.runtime;

import io.multivector.events.asyncapi.AsyncApiDocument;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.header.Header;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The span of each applied batch, {@code apply <projection>}, in the traces of the requests that stored its
 * events, as the records' {@code traceparent} headers carry them: a child of that trace when the batch's records
 * all come from one (one request's events, the usual case while events trickle in), else a root linked to each.
 * One span per batch, never per record, and one parse per distinct header: batches run to thousands of events.
 */
final class BatchSpans {

    /** The SDK keeps this many links by default ({@code quarkus.otel.span.link.count.limit}); more would be parsed to be dropped. */
    private static final int MAX_LINKS = 128;
    private static final AttributeKey<Long> MESSAGE_COUNT = AttributeKey.longKey("messaging.batch.message_count");
    private static final AttributeKey<String> MESSAGING_SYSTEM = AttributeKey.stringKey("messaging.system");
    /** A header's value is the whole carrier: the propagator reads {@code traceparent} and finds no {@code tracestate}. */
    private static final TextMapGetter<String> TRACEPARENT = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(String carrier) {
            return List.of(AsyncApiDocument.TRACEPARENT_HEADER);
        }

        @Override
        public String get(String carrier, String key) {
            return AsyncApiDocument.TRACEPARENT_HEADER.equals(key) ? carrier : null;
        }
    };

    private final Tracer tracer;
    private final String name;

    BatchSpans(Tracer tracer, String projection) {
        this.tracer = tracer;
        this.name = "apply " + projection;
    }

    /** Started for a batch about to be applied; the caller ends it. */
    Span start(ConsumerRecords<String, byte[]> records) {
        Set<String> seen = new HashSet<>();
        List<SpanContext> traces = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : records) {
            Header h = r.headers().lastHeader(AsyncApiDocument.TRACEPARENT_HEADER);
            String traceparent = h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
            if (traceparent == null || !seen.add(traceparent)) {
                continue;
            }
            SpanContext context = Span.fromContext(W3CTraceContextPropagator.getInstance()
                    .extract(Context.root(), traceparent, TRACEPARENT)).getSpanContext();
            if (context.isValid()) {
                traces.add(context);
                if (traces.size() == MAX_LINKS) {
                    break;
                }
            }
        }
        SpanBuilder span = tracer.spanBuilder(name).setSpanKind(SpanKind.CONSUMER)
                .setAttribute(MESSAGING_SYSTEM, "kafka").setAttribute(MESSAGE_COUNT, (long) records.count());
        boolean oneTrace = !traces.isEmpty()
                && traces.stream().allMatch(c -> c.getTraceId().equals(traces.getFirst().getTraceId()));
        if (oneTrace) {
            span.setParent(Context.root().with(Span.wrap(traces.getFirst())));
        } else {
            span.setNoParent();
        }
        for (int i = oneTrace ? 1 : 0; i < traces.size(); i++) {
            span.addLink(traces.get(i));
        }
        return span.startSpan();
    }
}
