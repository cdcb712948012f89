package io.multivector.relations;

import io.multivector.devstack.DevInfrastructureTestResource;
import io.multivector.devstack.TopicFeed;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.multivector.devstack.NumberNear.near;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.anEmptyMap;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

/**
 * Answers as known at a recorded time: events recorded on 10 January 2026, some retracted on 1 May 2026, asked before,
 * between and after those times. The recorded times are the events' own (as the store would have stamped them), so
 * the answers are the same after a rebuild, whenever the projector applied them.
 */
@QuarkusTest
@WithTestResource(value = DevInfrastructureTestResource.class, initArgs = @ResourceArg(name = "database", value = "relations"))
class KnownAtTests {

    private static final Instant RECORDED = Instant.parse("2026-01-10T00:00:00Z");
    private static final Instant RETRACTED = Instant.parse("2026-05-01T00:00:00Z");
    private static final String BEFORE = "2026-01-09";
    private static final String BETWEEN = "2026-03-01T12:00:00Z";
    private static final String AFTER = "2026-06-01";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    TopicFeed feed;

    static {
        // Answers carry doubles; REST Assured would read them as floats.
        io.restassured.RestAssured.config = io.restassured.RestAssured.config().jsonConfig(io.restassured.config.JsonConfig.jsonConfig()
                .numberReturnType(io.restassured.path.json.config.JsonPathConfig.NumberReturnType.DOUBLE));
    }

    @BeforeEach
    void feed() {
        feed = new TopicFeed(bootstrap);
    }

    @AfterEach
    void close() {
        feed.close();
    }

    private static void caughtUp() {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                given().get("/admin/projections").then().statusCode(200)
                        .body("items.find { it.name == 'relations' }.lag", equalTo(0)));
    }

    @Test
    void anEventCountsFromItsRecordingAndARetractionFromItsOwn() {
        String treatyId = UUID.randomUUID().toString();
        UUID treaty = feed.publish(Events.treaty(treatyId, "2020-06-01", "PW", "NR"), null, null, RECORDED);
        UUID visit = feed.publish(Events.visit("PW", "NR", "2020-06-01"), null, null, RECORDED);
        feed.publish(Events.statement("NR", "PW", "supportive", "2020-06-01"), null, null, RECORDED);
        UUID joined = feed.publish(Events.joined("PW", "ECO", "member", "2019-03-01", null), null, null, RECORDED);
        feed.publish(Events.joined("NR", "ECO", "member", "2019-03-01", null), null, null, RECORDED);
        feed.publish(Events.office("PW", "president", "First Holder", "2017-01-19"), null, null, RECORDED);
        UUID second = feed.publish(Events.office("PW", "president", "Second Holder", "2020-01-20"), null, null, RECORDED);
        feed.publish(Events.retraction(treaty.toString(), "2026-04-30"), "geo.diplomacy.v1", "NR~PW", RETRACTED);
        feed.publish(Events.retraction(visit.toString(), "2026-04-30"), "geo.diplomacy.v1", "NR~PW", RETRACTED);
        feed.publish(Events.retraction(joined.toString(), "2026-04-30"), "geo.diplomacy.v1", "ECO~PW", RETRACTED);
        feed.publish(Events.retraction(second.toString(), "2026-04-30"), "geo.politics.v1", "PW", RETRACTED);
        caughtUp();

        // before anything was recorded: nothing is known
        dyad(BEFORE).body("score", near(0, 1e-9)).body("counts", anEmptyMap()).body("treatiesInForce", empty())
                .body("sharedMemberships", empty()).body("recent", empty()).body("knownAt", equalTo("2026-01-09T23:59:59.999999Z"));
        // between: treaty 8.0 + visit 2.8 + supportive statement 3.5, all on the day asked about (no decay)
        dyad(BETWEEN).body("score", near(14.3, 1e-9)).body("cooperation", near(14.3, 1e-9))
                .body("counts.'treaty.signed'", equalTo(1)).body("counts.'visit.made'", equalTo(1))
                .body("counts.'statement.made'", equalTo(1))
                .body("treatiesInForce.treatyId", contains("t-" + treatyId.substring(0, 8)))
                .body("sharedMemberships", contains("ECO")).body("recent.type", org.hamcrest.Matchers.hasSize(3))
                .body("knownAt", equalTo(BETWEEN));
        // after the retractions were recorded, and now: the statement only
        for (String at : new String[]{AFTER, null}) {
            dyad(at).body("score", near(3.5, 1e-9)).body("counts.'statement.made'", equalTo(1))
                    .body("counts.'treaty.signed'", nullValue()).body("treatiesInForce", empty()).body("sharedMemberships", empty())
                    .body("recent.type", contains("statement.made")).body("knownAt", not(nullValue()));
        }

        memberships(BEFORE).body("items", empty());
        memberships(BETWEEN).body("items.organization", contains("ECO")).body("items[0].from", equalTo("2019-03-01"))
                .body("knownAt", equalTo(BETWEEN));
        memberships(AFTER).body("items", empty());
        given().queryParam("asOf", "2021").queryParam("knownAt", BETWEEN).get("/organizations/ECO/members").then().statusCode(200)
                .body("items.member", org.hamcrest.Matchers.hasItems("PW", "NR"));
        given().queryParam("asOf", "2021").queryParam("knownAt", AFTER).get("/organizations/ECO/members").then().statusCode(200)
                .body("items.member", not(org.hamcrest.Matchers.hasItem("PW")));

        holders(BEFORE).body("items", empty());
        holders(BETWEEN).body("items.person", contains("Second Holder")).body("items[0].from", equalTo("2020-01-20"));
        // the second term retracted: the first runs on, open-ended
        holders(AFTER).body("items.person", contains("First Holder")).body("items[0].until", nullValue());
        holders(null).body("items.person", contains("First Holder"));

        given().queryParam("party", "PW").queryParam("knownAt", BETWEEN).get("/treaties").then().statusCode(200)
                .body("items.treatyId", contains("t-" + treatyId.substring(0, 8)));
        given().queryParam("party", "PW").queryParam("knownAt", AFTER).get("/treaties").then().statusCode(200).body("items", empty());
        given().queryParam("knownAt", BETWEEN).get("/treaties/t-" + treatyId.substring(0, 8)).then().statusCode(200)
                .body("knownAt", equalTo(BETWEEN)).body("parties", contains("PW", "NR"));
        given().queryParam("knownAt", AFTER).get("/treaties/t-" + treatyId.substring(0, 8)).then().statusCode(404);

        // partners and balance from the same contributions: 14.3 with NR and 5.0 with ECO between; 3.5 after
        given().queryParam("asOf", "2020-06-01").queryParam("knownAt", BETWEEN).get("/relations/PW").then().statusCode(200)
                .body("items.partner", contains("NR", "ECO")).body("items[0].score", near(14.3, 1e-9));
        given().queryParam("asOf", "2020-06-01").queryParam("knownAt", AFTER).get("/relations/PW").then().statusCode(200)
                .body("items.partner", contains("NR")).body("items[0].score", near(3.5, 1e-9));
        given().queryParam("from", "2020").queryParam("to", "2020").queryParam("knownAt", BETWEEN).get("/actors/PW/balance").then()
                .statusCode(200).body("shares.other", near(1.0, 1e-9)).body("knownAt", equalTo(BETWEEN));
        given().queryParam("from", "2020").queryParam("to", "2020").queryParam("knownAt", BEFORE).get("/actors/PW/balance").then()
                .statusCode(200).body("shares", anEmptyMap());
        given().queryParam("from", "2020").queryParam("to", "2020").queryParam("granularity", "year").queryParam("knownAt", BETWEEN)
                // at the end of 2020, 213 days after the three events
                .get("/relations/PW/NR/series").then().statusCode(200).body("items[0].score", near(14.3 * Math.pow(2, -213.0 / 730), 1e-4))
                .body("items[0].count", equalTo(3));

        // the same answers from a generation rebuilt from the topics, which applies everything again now
        Map<String, String> before = answers();
        Rebuild.ofRelations();
        caughtUp();
        assertThat(answers()).isEqualTo(before);
    }

    @Test
    void aKnownAtInTheFutureOrUnreadableIsA400NamingIt() {
        for (String bad : List.of("2999-01-01", Instant.now().plusSeconds(3600).toString(), "yesterday", "2026-13-01T00:00:00Z")) {
            given().queryParam("knownAt", bad).get("/relations/PW/NR").then().statusCode(400)
                    .contentType("application/problem+json").body("errors[0].pointer", equalTo("/query/knownAt"));
        }
        given().queryParam("knownAt", "2999").get("/actors/PW/memberships").then().statusCode(400)
                .body("detail", containsString("future"));
    }

    private static io.restassured.response.ValidatableResponse dyad(String knownAt) {
        return given().queryParam("asOf", "2020-06-01").queryParams(knownAt == null ? java.util.Map.of() : java.util.Map.of("knownAt", knownAt))
                .get("/relations/PW/NR").then().statusCode(200);
    }

    private static io.restassured.response.ValidatableResponse memberships(String knownAt) {
        return given().queryParam("asOf", "2021").queryParam("knownAt", knownAt).get("/actors/PW/memberships").then().statusCode(200);
    }

    private static io.restassured.response.ValidatableResponse holders(String knownAt) {
        return given().queryParam("asOf", "2021").queryParams(knownAt == null ? java.util.Map.of() : java.util.Map.of("knownAt", knownAt))
                .get("/actors/PW/officeholders").then().statusCode(200);
    }

    /** Every answer above at each recorded time, as text. */
    private static Map<String, String> answers() {
        Map<String, String> out = new java.util.TreeMap<>();
        for (String at : List.of(BEFORE, BETWEEN, AFTER)) {
            for (String path : List.of("/relations/PW/NR", "/relations/PW", "/actors/PW/memberships", "/actors/PW/officeholders",
                    "/actors/PW/balance", "/treaties?party=PW")) {
                out.put(path + "@" + at, given().queryParam("asOf", "2021").queryParam("knownAt", at).get(path).then().statusCode(200)
                        .extract().asString());
            }
        }
        return out;
    }
}
