package io.multivector.ingest.relay.service;

import io.multivector.devstack.DevInfrastructureTestResource;
import io.multivector.ingest.IngestTestEvents;
import io.opentelemetry.api.trace.SpanKind;
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
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A caller's W3C trace context reaches the Kafka records through the store: each record's {@code traceparent}
 * is the caller's trace, its parent the request's server span in this service, whether the event came alone
 * (handled on the event loop) or in an NDJSON batch (on a worker thread).
 */
@QuarkusTest
@WithTestResource(value = DevInfrastructureTestResource.class, initArgs = @ResourceArg(name = "database", value = "ingest"))
class TraceContextTests {

    @Inject
    InMemorySpanExporter spans;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void aSingleEventsRecordCarriesTheCallersTraceWithTheRequestsSpanAsParent() {
        UUID id = UUID.randomUUID();
        assertRecordsContinueTheCallersTrace("application/json", IngestTestEvents.treaty(id), Set.of(id.toString()));
    }

    @Test
    void aBatchsRecordsCarryTheCallersTraceWithTheRequestsSpanAsParent() {
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        assertRecordsContinueTheCallersTrace("application/x-ndjson",
                IngestTestEvents.treaty(a) + "\n" + IngestTestEvents.visit(b, "KZ", "CN", "2016-03-01") + "\n",
                Set.of(a.toString(), b.toString()));
    }

    private void assertRecordsContinueTheCallersTrace(String contentType, String body, Set<String> ids) {
        String traceId = UUID.randomUUID().toString().replace("-", "");
        String callerSpanId = UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        given().contentType(contentType).header("traceparent", "00-" + traceId + "-" + callerSpanId + "-01")
                .body(body.getBytes(StandardCharsets.UTF_8)).post("/events").then().statusCode(201);

        SpanData server = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> serverSpanOf(traceId), s -> s != null);
        assertThat(server.getParentSpanId()).isEqualTo(callerSpanId);

        List<PublishedEvents.Published> published = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> PublishedEvents.readAll(bootstrap).stream().filter(p -> ids.contains(p.id())).toList(),
                        found -> found.size() == ids.size());
        assertThat(published).extracting(PublishedEvents.Published::traceparent)
                .containsOnly("00-" + traceId + "-" + server.getSpanId() + "-01");
    }

    private SpanData serverSpanOf(String traceId) {
        return spans.getFinishedSpanItems().stream()
                .filter(s -> s.getKind() == SpanKind.SERVER && s.getTraceId().equals(traceId))
                .findFirst().orElse(null);
    }
}
