package io.multivector.ingest.relay.service;

import io.agroal.api.AgroalDataSource;
import io.multivector.devstack.DevInfrastructure;
import io.multivector.devstack.DevInfrastructureTestResource;
import io.multivector.ingest.IngestTestEvents;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@QuarkusTest
@WithTestResource(value = DevInfrastructureTestResource.class, initArgs = @ResourceArg(name = "database", value = "ingest"))
class EventRelayTests {

    @Inject
    AgroalDataSource dataSource;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private List<PublishedEvents.Published> publishedWithIds(Set<String> ids) {
        return PublishedEvents.readAll(bootstrap).stream().filter(p -> ids.contains(p.id())).toList();
    }

    private void awaitAllPublishedOnce(Set<String> ids) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            List<PublishedEvents.Published> found = publishedWithIds(ids);
            Map<String, Long> counts = found.stream().collect(Collectors.groupingBy(PublishedEvents.Published::id, Collectors.counting()));
            assertThat(counts.keySet()).containsExactlyInAnyOrderElementsOf(ids);
            assertThat(counts.values()).allMatch(n -> n == 1L);
        });
    }

    @Test
    void aPostedTreatyAppearsOnItsTopicKeyedByStreamAsACloudEventWithASequence() {
        UUID id = UUID.randomUUID();
        String trace = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        given().contentType(ContentType.JSON).header("X-Request-Id", "relay-test-1").header("traceparent", trace)
                .body(IngestTestEvents.treaty(id)).post("/events").then().statusCode(201).header("X-Request-Id", "relay-test-1");
        awaitAllPublishedOnce(Set.of(id.toString()));
        PublishedEvents.Published p = publishedWithIds(Set.of(id.toString())).getFirst();
        assertThat(p.topic()).isEqualTo("geo.diplomacy.v1");
        assertThat(p.key()).isEqualTo("EU~KZ");
        assertThat(p.contentType()).isEqualTo("application/cloudevents+json");
        assertThat(p.event().path("specversion").asText()).isEqualTo("1.0");
        assertThat(p.event().path("type").asText()).isEqualTo("treaty.signed");
        assertThat(p.event().path("sequence").asText()).matches("[0-9]+");
        assertThat(p.requestId()).isEqualTo("relay-test-1");
        // the caller's trace, its parent now the store's span for the request (TraceContextTests)
        assertThat(p.traceparent()).matches("00-0af7651916cd43dd8448eb211c80319c-[0-9a-f]{16}-01");

        // a retry publishes nothing new
        given().contentType(ContentType.JSON).body(IngestTestEvents.treaty(id)).post("/events").then().statusCode(200);
        UUID later = UUID.randomUUID();
        given().contentType(ContentType.JSON).body(IngestTestEvents.treaty(later)).post("/events").then().statusCode(201);
        awaitAllPublishedOnce(Set.of(id.toString(), later.toString()));
    }

    /**
     * Eight writers append concurrently while a transaction that holds the next sequence number
     * stays open. Sequence numbers are taken under the store_position row lock, so the writers wait
     * behind it rather than commit past it; when it commits, everything is published exactly once,
     * per stream in version order, and the store's sequence has no gap.
     */
    @Test
    void concurrentAppendersArePublishedExactlyOnceInStreamOrderEvenBehindAnOpenTransaction() throws Exception {
        String[] partners = {"CN", "RU", "US", "TR", "DE", "FR", "IN", "JP"};
        Set<String> ids = Collections.synchronizedSet(new HashSet<>());
        try (Connection held = dataSource.getConnection()) {
            held.setAutoCommit(false);
            try (PreparedStatement ps = held.prepareStatement("update store_position set last_sequence = last_sequence where id = 1")) {
                ps.executeUpdate(); // takes the row lock every append needs, and keeps it
            }
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<?>> writers = new ArrayList<>();
            for (String partner : partners) {
                writers.add(pool.submit(() -> {
                    for (int i = 0; i < 500; i++) {
                        UUID id = UUID.randomUUID();
                        ids.add(id.toString());
                        given().contentType(ContentType.JSON)
                                .body(IngestTestEvents.visit(id, "KZ", partner, "2020-01-01"))
                                .post("/events").then().statusCode(201);
                    }
                }));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> waitingOnTheSequenceLock() > 0);
            assertThat(writers).noneMatch(Future::isDone);
            held.commit();
            for (Future<?> w : writers) {
                w.get();
            }
            pool.shutdown();
        }
        assertThat(ids).hasSize(4000);
        awaitAllPublishedOnce(ids);
        List<PublishedEvents.Published> found = publishedWithIds(ids);
        Map<String, List<PublishedEvents.Published>> byKey = found.stream()
                .collect(Collectors.groupingBy(PublishedEvents.Published::key));
        assertThat(byKey).hasSize(8);
        byKey.forEach((key, events) -> {
            List<Long> versions = events.stream().sorted((a, b) -> Long.compare(a.sequence(), b.sequence()))
                    .map(PublishedEvents.Published::streamVersion).toList();
            assertThat(versions).as("versions of %s in publication order", key).isSorted();
            assertThat(events.stream().map(PublishedEvents.Published::partition).distinct()).hasSize(1);
        });
        assertThat(sequenceHasNoGap()).isTrue();
    }

    /**
     * Also: records the relay did not write (no mv-sequence header) sit at the end of every diplomacy
     * partition when it recovers; it steps over them to find what it published, and goes on.
     */
    @Test
    void eventsAcceptedWhileTheBrokerIsDownArePublishedWhenItReturns() throws Exception {
        DevInfrastructure infra = DevInfrastructure.forTests();
        Set<String> ids = new HashSet<>();
        try (var foreign = new org.apache.kafka.clients.producer.KafkaProducer<String, byte[]>(java.util.Map.of(
                "bootstrap.servers", infra.bootstrapServers(), "acks", "all"),
                new org.apache.kafka.common.serialization.StringSerializer(), new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            for (int p = 0; p < 6; p++) {
                for (int i = 0; i < 3; i++) {
                    foreign.send(new org.apache.kafka.clients.producer.ProducerRecord<>("geo.diplomacy.v1", p, "foreign",
                            "{\"not\":\"ours\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8))).get();
                }
            }
        }
        infra.kafka().stop();
        try {
            for (int i = 0; i < 50; i++) {
                UUID id = UUID.randomUUID();
                ids.add(id.toString());
                given().contentType(ContentType.JSON).body(IngestTestEvents.visit(id, "KZ", "AZ", "2022-0" + (1 + i % 9)))
                        .post("/events").then().statusCode(201);
            }
        } finally {
            infra.kafka().start();
        }
        awaitAllPublishedOnce(ids);
    }

    private int waitingOnTheSequenceLock() throws SQLException {
        try (Connection c = dataSource.getConnection();
             ResultSet rs = c.createStatement().executeQuery(
                     "select count(*) from pg_stat_activity where wait_event_type = 'Lock' and query like '%store_position%'")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private boolean sequenceHasNoGap() throws SQLException {
        try (Connection c = dataSource.getConnection();
             ResultSet rs = c.createStatement().executeQuery("select count(*) = max(sequence) and min(sequence) = 1 from event_store")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }
}
