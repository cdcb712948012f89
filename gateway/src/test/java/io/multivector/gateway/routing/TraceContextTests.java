package io.multivector.gateway.routing;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.multivector.devstack.BackendsTestResource;
import io.multivector.events.asyncapi.AsyncApiDocument;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.multivector.gateway.GatewayTestSupport.writer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A caller's trace goes through the gateway and the store onto the Kafka record: the gateway's server span
 * continues it, its client span to ingest (Vert.x's HTTP client, traced by the extension) is that span's child,
 * and the record's {@code traceparent} is the same trace with a span of ingest (the store's, process apart) as parent.
 */
@QuarkusTest
@WithTestResource(BackendsTestResource.class)
class TraceContextTests {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    InMemorySpanExporter spans;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void aCallersTraceGoesThroughTheGatewayAndTheStoreOntoTheRecord() {
        String traceId = UUID.randomUUID().toString().replace("-", "");
        String callerSpanId = UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        String id = writer().contentType("application/json").header("traceparent", "00-" + traceId + "-" + callerSpanId + "-01")
                .body(RoutingTests.treaty("trace-" + UUID.randomUUID(), "CL", "EC", "2021-03-01"))
                .post("/api/v1/events").then().statusCode(201).extract().path("id");

        SpanData server = awaitSpan(SpanKind.SERVER, traceId);
        assertThat(server.getParentSpanId()).isEqualTo(callerSpanId);
        SpanData client = awaitSpan(SpanKind.CLIENT, traceId);
        assertThat(client.getParentSpanId()).isEqualTo(server.getSpanId());

        String traceparent = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> traceparentOfRecord("geo.diplomacy.v1", id), t -> t != null);
        assertThat(traceparent).matches("00-" + traceId + "-[0-9a-f]{16}-01");
        assertThat(traceparent.split("-")[2]).isNotIn(callerSpanId, server.getSpanId(), client.getSpanId());
    }

    private SpanData awaitSpan(SpanKind kind, String traceId) {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> spans.getFinishedSpanItems().stream()
                        .filter(s -> s.getKind() == kind && s.getTraceId().equals(traceId))
                        .findFirst().orElse(null), s -> s != null);
    }

    /** The {@code traceparent} header of the record of event {@code id} on {@code topic}, or null while it is not there. */
    private String traceparentOfRecord(String topic, String id) throws IOException {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (JSON.readTree(r.value()).path("id").asText().equals(id)) {
                        Header h = r.headers().lastHeader(AsyncApiDocument.TRACEPARENT_HEADER);
                        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
                    }
                }
            }
            return null;
        }
    }
}
