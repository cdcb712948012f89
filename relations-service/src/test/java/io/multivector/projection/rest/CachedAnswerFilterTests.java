package io.multivector.projection.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.multivector.devstack.DevInfrastructureTestResource;
import io.multivector.devstack.TopicFeed;
import io.multivector.relations.Events;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * A read asked again under the same read model position is served from the answers kept for it, and is the answer a
 * fresh computation gives; once a batch that may change it is applied, nothing from before it is served.
 */
@QuarkusTest
@WithTestResource(value = DevInfrastructureTestResource.class, initArgs = @ResourceArg(name = "database", value = "relations"))
class CachedAnswerFilterTests {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Another request for the same answer: kept apart from the default {@code Accept}'s, so computed afresh. */
    private static final String FRESH = "application/json";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    TopicFeed feed;

    @BeforeEach
    void feed() {
        feed = new TopicFeed(bootstrap);
    }

    @AfterEach
    void close() {
        feed.close();
    }

    private static ExtractableResponse<Response> dyad(String accept) {
        return given().accept(accept).queryParam("asOf", "2021").get("/relations/LS/SZ").then().statusCode(200).extract();
    }

    private static ObjectNode withoutKnownAt(ExtractableResponse<Response> r) throws Exception {
        ObjectNode answer = (ObjectNode) JSON.readTree(r.asByteArray());
        answer.remove("knownAt");
        return answer;
    }

    @Test
    void anAnswerAskedAgainIsServedKeptEqualToAFreshOneAndKnownNow() throws Exception {
        feed.publish(Events.visit("LS", "SZ", "2020-03-01"));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().queryParam("asOf", "2021").get("/relations/LS/SZ").then()
                .body("counts.'visit.made'", equalTo(1)));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            var first = dyad("*/*");
            var again = dyad("*/*");
            var fresh = dyad(FRESH);
            assertThat(again.header("Cache-Status")).isEqualTo("multivector; hit");
            // no batch came between the three (same tag): the kept answer is the fresh one, known at its own moment
            assertThat(fresh.header("ETag")).isEqualTo(first.header("ETag")).isEqualTo(again.header("ETag"));
            assertThat(fresh.header("Cache-Status")).isEqualTo("multivector; fwd=miss; stored");
            assertThat(withoutKnownAt(again)).isEqualTo(withoutKnownAt(fresh)).isEqualTo(withoutKnownAt(first));
            assertThat(Instant.parse(again.path("knownAt"))).isAfterOrEqualTo(Instant.parse(first.path("knownAt")));
        });
    }

    @Test
    void aWriteSeenAppliedIsNeverAnsweredFromBeforeIt() {
        feed.publish(Events.visit("LS", "BW", "2020-03-01"));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().queryParam("asOf", "2021").get("/relations/BW/LS").then()
                .body("counts.'visit.made'", equalTo(1)));
        given().queryParam("asOf", "2021").get("/relations/BW/LS").then().body("counts.'visit.made'", equalTo(1));
        feed.publish(Events.visit("BW", "LS", "2020-04-01"));
        // seen applied by a request of its own (its own Accept: not a kept answer) ...
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().accept(FRESH).queryParam("asOf", "2021")
                .get("/relations/BW/LS").then().body("counts.'visit.made'", equalTo(2)));
        // ... the request kept from before it is answered anew at once
        given().queryParam("asOf", "2021").get("/relations/BW/LS").then().statusCode(200).body("counts.'visit.made'", equalTo(2));
    }

    @Test
    void anAnswerAboutAPairOutlivesBatchesThatNamedNeitherButNotATermination() {
        feed.publish(Events.visit("ST", "GQ", "2020-03-01"));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().accept(FRESH).queryParam("asOf", "2021")
                .get("/relations/GQ/ST").then().body("counts.'visit.made'", equalTo(1)));
        given().queryParam("asOf", "2021").get("/relations/GQ/ST").then().statusCode(200);
        String kept = given().queryParam("asOf", "2021").get("/relations/GQ/ST").then()
                .header("Cache-Status", equalTo("multivector; hit")).extract().header("ETag");

        feed.publish(Events.visit("CV", "GW", "2020-03-01"));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().accept(FRESH).queryParam("asOf", "2021")
                .get("/relations/CV/GW").then().body("counts.'visit.made'", equalTo(1)));
        var after = given().queryParam("asOf", "2021").get("/relations/GQ/ST").then().statusCode(200)
                .header("Cache-Status", equalTo("multivector; hit")).body("counts.'visit.made'", equalTo(1)).extract();
        assertThat(after.header("ETag")).as("served at the read model's new position").isNotEqualTo(kept);

        // a termination reaches its treaty's parties without naming them: no kept answer outlives it
        feed.publish(Events.terminated("t-unsigned", "2020-05-01"), "geo.diplomacy.v1", "treaty-t-unsigned");
        await().atMost(Duration.ofSeconds(60)).until(() -> !given().accept(FRESH).queryParam("asOf", "2021").get("/relations/CV/GW")
                .header("ETag").equals(after.header("ETag")));
        given().queryParam("asOf", "2021").get("/relations/GQ/ST").then().statusCode(200)
                .header("Cache-Status", equalTo("multivector; fwd=miss; stored")).body("counts.'visit.made'", equalTo(1));
    }

    @Test
    void aRetractionReachesTheActorsOfTheEventItRetractsAndNoOthers() {
        java.util.UUID retracted = feed.publish(Events.visit("KM", "SC", "2020-03-01"));
        feed.publish(Events.visit("MG", "ME", "2020-03-01"));
        for (String pair : new String[]{"/relations/KM/SC", "/relations/ME/MG"}) {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().accept(FRESH).queryParam("asOf", "2021").get(pair).then()
                    .body("counts.'visit.made'", equalTo(1)));
            given().queryParam("asOf", "2021").get(pair).then().statusCode(200);
            given().queryParam("asOf", "2021").get(pair).then().header("Cache-Status", equalTo("multivector; hit"));
        }
        String kept = given().accept(FRESH).queryParam("asOf", "2021").get("/relations/ME/MG").header("ETag");

        // the retraction names neither KM nor SC, but reaches them through the visit it retracts; it does not reach MG or ME
        feed.publish(Events.retraction(retracted.toString(), "2024-01-01"), "geo.diplomacy.v1", "KM~SC");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().accept(FRESH).queryParam("asOf", "2021")
                .get("/relations/KM/SC").then().body("counts.'visit.made'", org.hamcrest.Matchers.not(equalTo(1))));
        given().queryParam("asOf", "2021").get("/relations/KM/SC").then().statusCode(200)
                .header("Cache-Status", equalTo("multivector; fwd=miss; stored")).body("counts.'visit.made'", org.hamcrest.Matchers.not(equalTo(1)));
        var after = given().queryParam("asOf", "2021").get("/relations/ME/MG").then().statusCode(200)
                .header("Cache-Status", equalTo("multivector; hit")).body("counts.'visit.made'", equalTo(1)).extract();
        assertThat(after.header("ETag")).as("served at the read model's new position").isNotEqualTo(kept);
    }

    @Test
    void aNamedKnownAtIsEchoedAsAskedAndProblemsAreNotKept() {
        String at = "2026-01-01T00:00:00Z";
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            given().queryParam("knownAt", at).get("/relations/LS/NA").then().statusCode(200);
            given().queryParam("knownAt", at).get("/relations/LS/NA").then().statusCode(200)
                    .header("Cache-Status", equalTo("multivector; hit")).body("knownAt", equalTo(at));
        });
        given().get("/relations/XQ").then().statusCode(400).header("Cache-Status", equalTo("multivector; fwd=miss"));
        given().get("/relations/XQ").then().statusCode(400).header("Cache-Status", equalTo("multivector; fwd=miss"));
    }
}
