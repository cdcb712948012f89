package io.multivector.gateway.stream;

import io.multivector.devstack.BackendsTestResource;
import io.multivector.gateway.stream.service.LiveFeed;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import static io.multivector.gateway.GatewayTestSupport.writer;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/** The live stream: a published event reaches a subscriber whose filters it matches, and only those. */
@QuarkusTest
@WithTestResource(BackendsTestResource.class)
class StreamTests {

    @TestHTTPResource("/api/v1/stream")
    URL stream;

    @Inject
    LiveFeed feed;

    @Test
    void aPostedEventArrivesOnAMatchingStream() throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(feed::ready);
        List<String> peLines = new CopyOnWriteArrayList<>();
        List<String> otherLines = new CopyOnWriteArrayList<>();
        HttpClient http = HttpClient.newHttpClient();
        var pe = http.sendAsync(HttpRequest.newBuilder(URI.create(stream + "?actor=PE&type=visit.made")).build(),
                HttpResponse.BodyHandlers.ofLines());
        var other = http.sendAsync(HttpRequest.newBuilder(URI.create(stream + "?actor=NO")).build(),
                HttpResponse.BodyHandlers.ofLines());
        Thread.ofVirtual().start(() -> pe.join().body().forEach(peLines::add));
        Thread.ofVirtual().start(() -> other.join().body().forEach(otherLines::add));
        await().atMost(Duration.ofSeconds(10)).until(() -> pe.isDone() && other.isDone());
        assertThat(pe.join().statusCode()).isEqualTo(200);
        assertThat(pe.join().headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));

        String id = UUID.randomUUID().toString();
        long sequence = post(id, "PE", "EC");
        await().atMost(Duration.ofSeconds(30)).until(() -> peLines.contains("id:" + sequence) || peLines.contains("id: " + sequence));
        assertThat(peLines).anyMatch(l -> l.startsWith("event:") && l.contains("visit.made"))
                .anyMatch(l -> l.startsWith("data:") && l.contains(id) && l.contains("\"sequence\""));
        assertThat(otherLines).noneMatch(l -> l.contains(id));
        Stream.of(pe, other).forEach(f -> f.cancel(true));
    }

    static long post(String id, String visitor, String host) {
        return ((Number) writer().contentType("application/json").body("""
                {"id":"%s","type":"visit.made","data":{"occurredOn":"2021-03-03","visitor":"A minister","visitorActor":"%s","host":"%s","sources":[{"ref":"test"}]}}"""
                .formatted(id, visitor, host)).post("/api/v1/events").then().statusCode(201).extract().path("sequence")).longValue();
    }

    @Test
    void aClientResumingWithLastEventIdGetsWhatItMissedThenLiveEvents() throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(feed::ready);
        String seen = UUID.randomUUID().toString();
        String missed = UUID.randomUUID().toString();
        String other = UUID.randomUUID().toString();
        long seenSequence = post(seen, "UY", "PY");
        post(other, "BO", "PY");   // filtered out
        long missedSequence = post(missed, "UY", "PY");
        List<String> lines = new CopyOnWriteArrayList<>();
        var response = HttpClient.newHttpClient().sendAsync(HttpRequest.newBuilder(URI.create(stream + "?actor=UY"))
                .header("Last-Event-ID", Long.toString(seenSequence)).build(), HttpResponse.BodyHandlers.ofLines());
        Thread.ofVirtual().start(() -> response.join().body().forEach(lines::add));
        await().atMost(Duration.ofSeconds(30)).until(() -> lines.contains("id:" + missedSequence));
        String live = UUID.randomUUID().toString();
        long liveSequence = post(live, "UY", "AR");
        await().atMost(Duration.ofSeconds(30)).until(() -> lines.contains("id:" + liveSequence));
        assertThat(lines).noneMatch(l -> l.contains(seen)).noneMatch(l -> l.contains(other))
                .filteredOn(l -> l.contains(missed)).hasSize(1);
        assertThat(lines.indexOf("id:" + missedSequence)).isLessThan(lines.indexOf("id:" + liveSequence));
        response.cancel(true);
        given().header("Last-Event-ID", "yesterday").get("/api/v1/stream").then().statusCode(400)
                .body("errors[0].pointer", equalTo("/headers/Last-Event-ID"));
    }

    @Test
    void filtersAreChecked() {
        given().queryParam("type", "treaty.sigend").get("/api/v1/stream").then().statusCode(400)
                .body("errors[0].pointer", equalTo("/query/type"));
        given().queryParam("actor", "QQ").get("/api/v1/stream").then().statusCode(400)
                .body("errors[0].pointer", equalTo("/query/actor"));
    }
}
