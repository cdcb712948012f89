package io.multivector.relations.projection;

import io.multivector.devstack.DevInfrastructureTestResource;
import io.multivector.devstack.TopicFeed;
import io.multivector.events.Event;
import io.multivector.events.EventCodec;
import io.multivector.events.catalogue.CatalogueRules;
import io.multivector.relations.Events;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The projector's span for a batch is in the trace of the request that stored its events, read from the
 * record's {@code traceparent} header as the relay publishes it: its child, or linked to it when the batch
 * mixes traces.
 */
@QuarkusTest
@WithTestResource(value = DevInfrastructureTestResource.class, initArgs = @ResourceArg(name = "database", value = "relations"))
class BatchSpanTests {

    @Inject
    InMemorySpanExporter spans;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void anAppliedBatchsSpanIsInTheTraceOfTheRequestThatStoredItsEvent() {
        String traceId = UUID.randomUUID().toString().replace("-", "");
        String storeSpanId = UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        Event e = EventCodec.bundled().decode(Events.visit("BO", "UY", "2018-02-01").getBytes(StandardCharsets.UTF_8));
        Event stored = e.stored(UUID.randomUUID(), CatalogueRules.streamOf(e.data()).orElseThrow(), Instant.now(), 1, 1);
        try (TopicFeed feed = new TopicFeed(bootstrap)) {
            feed.publishStored("geo.diplomacy.v1", stored, "00-" + traceId + "-" + storeSpanId + "-01");
        }

        SpanData apply = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> spans.getFinishedSpanItems().stream()
                        .filter(s -> s.getName().equals("apply relations") && inTrace(s, traceId, storeSpanId))
                        .findFirst().orElse(null), s -> s != null);
        assertThat(apply.getKind()).isEqualTo(SpanKind.CONSUMER);
        assertThat(apply.getStatus().getStatusCode()).isNotEqualTo(StatusCode.ERROR);
    }

    private static boolean inTrace(SpanData s, String traceId, String parentSpanId) {
        return s.getTraceId().equals(traceId) && s.getParentSpanId().equals(parentSpanId)
                || s.getLinks().stream().anyMatch(l -> l.getSpanContext().getTraceId().equals(traceId)
                && l.getSpanContext().getSpanId().equals(parentSpanId));
    }
}
