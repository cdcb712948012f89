package io.multivector.drills;

import io.multivector.devstack.TopicFeed;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The broker, then the database, down for 20 s under load: nothing acknowledged is lost or doubled. */
class OutageDrillTests {

    /** How long each outage lasts: the drill, not a wait for something. */
    static final Duration OUTAGE = Duration.ofSeconds(20);
    static SystemUnderTest sut;

    @BeforeAll
    static void system() {
        sut = SystemUnderTest.get();
    }

    /** Posts one event until it is acknowledged; a 5xx or a broken connection is retried with the same id, which is safe. */
    static int postUntilAcknowledged(String body, AtomicInteger retries) {
        while (true) {
            try {
                HttpResponse<String> r = sut.send(HttpRequest.newBuilder(URI.create(sut.gateway() + "/events"))
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
                if (r.statusCode() == 201 || r.statusCode() == 200) {
                    return r.statusCode();
                }
                if (r.statusCode() < 500) {
                    throw new AssertionError("refused: " + r.statusCode() + " " + r.body());
                }
            } catch (java.io.UncheckedIOException brokenConnection) {
                // retried below with the same id
            }
            retries.incrementAndGet();
        }
    }

    @Test
    void eventsAcknowledgedWhileTheBrokerIsDownAreOnTheTopicExactlyOnceAndInTheReadModel() throws Exception {
        List<UUID> acknowledged = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger retries = new AtomicInteger();
        Thread client = Thread.ofPlatform().start(() -> {
            int i = 0;
            while (writing.get()) {
                UUID id = UUID.randomUUID();
                postUntilAcknowledged(AcknowledgedWrites.visit(id, "IS", "MT", i++), retries);
                acknowledged.add(id);
            }
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged.size() >= 50);
        sut.infra.kafka().stop();
        int beforeOutage = acknowledged.size();
        Instant up = Instant.now().plus(OUTAGE);
        await().atMost(OUTAGE.plusSeconds(10)).pollInterval(Duration.ofMillis(500)).until(() -> Instant.now().isAfter(up));
        int duringOutage = acknowledged.size() - beforeOutage;
        sut.infra.kafka().start();
        int afterRestart = acknowledged.size();
        await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() >= afterRestart + 50);
        writing.set(false);
        client.join();
        assertThat(duringOutage).as("writes go on while the broker is down").isGreaterThan(10);

        List<String> ids = acknowledged.stream().map(UUID::toString).toList();
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            TopicAudit audit = TopicAudit.of(sut.infra.bootstrapServers(), "geo.diplomacy.v1", "IS~MT");
            assertThat(audit.copies().keySet()).containsAll(ids);
            assertThat(audit.copies().values()).allMatch(n -> n == 1);
        });
        sut.awaitCaughtUp("relations", Duration.ofMinutes(2));
        assertThat(sut.get("/relations/IS/MT?asOf=2021").path("counts").path("visit.made").asInt()).isEqualTo(ids.size());
        System.out.printf("broker drill: %d events acknowledged (%d during the %d s outage), %d safe retries, %d found on the topic exactly once"
                + " and %d counted in the read model%n", ids.size(), duringOutage, OUTAGE.toSeconds(), retries.get(), ids.size(), ids.size());
    }

    @Test
    void whileTheDatabaseIsDownTheProjectorWaitsAndThenAppliesEverythingOnce() throws Exception {
        sut.awaitCaughtUp("relations", Duration.ofMinutes(2));
        int events = 1_000;
        long first = sut.reserveSequences(events);
        sut.infra.database().stop();
        try (TopicFeed feed = new TopicFeed(sut.infra.bootstrapServers())) {
            for (int i = 0; i < events; i++) {
                feed.sendLater("geo.diplomacy.v1", "LI~LU", feed.encodeStored(AcknowledgedWrites.visit(UUID.randomUUID(), "LU", "LI", i), first + i));
            }
            feed.flush();
        }
        Instant up = Instant.now().plus(OUTAGE);
        await().atMost(OUTAGE.plusSeconds(10)).pollInterval(Duration.ofMillis(500)).until(() -> Instant.now().isAfter(up));
        sut.infra.database().start();
        sut.awaitCaughtUp("relations", Duration.ofMinutes(3));
        assertThat(sut.get("/relations/LI/LU?asOf=2021").path("counts").path("visit.made").asInt()).isEqualTo(events);
        String afterOutage = sut.checksum("relations");
        assertThat(sut.checksumOfACleanBuild("relations", Duration.ofMinutes(10))).isEqualTo(afterOutage);
        System.out.printf("database drill: %d events sent during a %d s outage, %d applied once after it; checksum equals a clean build%n",
                events, OUTAGE.toSeconds(), events);
    }
}
