package io.multivector.relations.projection;

import io.multivector.devstack.DevInfrastructureTestResource;
import io.multivector.relations.Events;
import io.multivector.devstack.TopicFeed;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static io.multivector.devstack.NumberNear.near;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

/** The shared projection runtime, exercised through the relations projection. */
@QuarkusTest
@WithTestResource(value = DevInfrastructureTestResource.class, initArgs = @ResourceArg(name = "database", value = "relations"))
class RelationsProjectionRuntimeTests {

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

    static void caughtUp() {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                given().get("/admin/projections").then().statusCode(200)
                        .body("items.find { it.name == 'relations' }.lag", equalTo(0)));
    }

    static String checksum() {
        return given().get("/admin/projections/relations/checksum").then().statusCode(200).extract().path("checksum");
    }

    @Test
    void aRetractionRestoresTheExactEarlierAnswersAndChecksum() {
        feed.publish(Events.visit("BO", "PY", "2019-04-01"));
        caughtUp();
        String before = checksum();
        String beforeAnswer = withoutKnownAt(given().queryParam("asOf", "2020").get("/relations/BO/PY").then().statusCode(200).extract().asString());
        UUID treaty = feed.publish(Events.treaty(UUID.randomUUID().toString(), "2019-06-01", "BO", "PY"));
        caughtUp();
        assertThat(checksum()).isNotEqualTo(before);
        given().queryParam("asOf", "2020").get("/relations/BO/PY").then().body("counts.'treaty.signed'", equalTo(1));
        feed.publish(Events.retraction(treaty.toString(), "2024-01-01"), "geo.diplomacy.v1", "BO~PY");
        caughtUp();
        assertThat(checksum()).isEqualTo(before);
        assertThat(withoutKnownAt(given().queryParam("asOf", "2020").get("/relations/BO/PY").then().extract().asString())).isEqualTo(beforeAnswer);
    }

    /** An answer less the time it was read at (its knownAt when none was asked for). */
    static String withoutKnownAt(String answer) {
        return answer.replaceFirst("\"knownAt\":\"[^\"]*\",?", "");
    }

    @Test
    void theSameEventDeliveredTwiceCountsOnce() {
        byte[] value = feed.encodeStored(Events.visit("EC", "CO", "2018-02-01"));
        feed.send("geo.diplomacy.v1", "CO~EC", value);
        feed.send("geo.diplomacy.v1", "CO~EC", value);
        caughtUp();
        feed.send("geo.diplomacy.v1", "CO~EC", value); // and once more, in a batch of its own
        caughtUp();
        given().queryParam("asOf", "2018-02-01").get("/relations/EC/CO").then()
                .body("counts.'visit.made'", equalTo(1)).body("score", near(2.8, 0.0001));
    }

    @Test
    void aPoisonRecordIsParkedWithItsReasonAndTheNextRecordIsApplied() {
        feed.send("geo.diplomacy.v1", "XX", "{\"specversion\":\"1.0\",\"type\":\"treaty.sig".getBytes(StandardCharsets.UTF_8));
        byte[] unknownActor = feed.encodeStored(Events.visit("VE", "GY", "2018-02-01"));
        feed.send("geo.diplomacy.v1", "GY~VE", new String(unknownActor, StandardCharsets.UTF_8).replace("\"GY\"", "\"QQ\"")
                .getBytes(StandardCharsets.UTF_8));
        feed.publish(Events.visit("VE", "GY", "2018-03-01"));
        caughtUp();
        given().queryParam("asOf", "2019").get("/relations/VE/GY").then().body("counts.'visit.made'", equalTo(1));
        JsonPath dead = given().queryParam("limit", 500).get("/admin/dead-letters").then().statusCode(200).extract().jsonPath();
        assertThat(dead.getList("items.reason", String.class)).anyMatch(r -> r.contains("not valid JSON"))
                .anyMatch(r -> r.contains("unknown actor code 'QQ'"));
        String id = dead.getList("items", java.util.Map.class).stream().filter(m -> String.valueOf(m.get("reason")).contains("QQ"))
                .map(m -> (String) m.get("id")).findFirst().orElseThrow();
        assertThat(id).startsWith("relations-");
        given().post("/admin/dead-letters/" + id + "/retry").then().statusCode(409).contentType("application/problem+json")
                .body("detail", org.hamcrest.Matchers.containsString("QQ"));
    }

    @Test
    void aRebuildKeepsAnsweringAndEndsWithTheSameChecksum() throws Exception {
        for (int i = 1; i <= 9; i++) {
            feed.publish(Events.visit("NP", "BT", "2010-0" + i + "-01"));
        }
        caughtUp();
        String before = checksum();
        String servingBefore = given().get("/admin/projections").then().extract().path("items.find { it.name == 'relations' }.servingSchema");
        AtomicBoolean rebuilding = new AtomicBoolean(true);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        Future<List<Integer>> statuses = pool.submit(() -> {
            List<Integer> seen = new ArrayList<>();
            while (rebuilding.get()) {
                seen.add(given().queryParam("asOf", "2011").get("/relations/NP/BT").then().extract().statusCode());
            }
            return seen;
        });
        given().post("/admin/projections/relations/rebuild").then().statusCode(202);
        given().post("/admin/projections/relations/rebuild").then().statusCode(409);
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                given().get("/admin/projections").then()
                        .body("items.find { it.name == 'relations' }.rebuildingInto", nullValue())
                        .body("items.find { it.name == 'relations' }.servingSchema", not(equalTo(servingBefore))));
        rebuilding.set(false);
        assertThat(statuses.get()).isNotEmpty().allMatch(s -> s == 200);
        pool.shutdown();
        caughtUp();
        assertThat(checksum()).isEqualTo(before);
        given().queryParam("asOf", "2011").get("/relations/NP/BT").then().body("counts.'visit.made'", equalTo(9));
        // the rebuilt totals were loaded before their keys were indexed: the live fold's upserts need those keys back
        feed.publish(Events.visit("NP", "BT", "2010-10-01"));
        caughtUp();
        given().queryParam("asOf", "2011").get("/relations/NP/BT").then().body("counts.'visit.made'", equalTo(10));
    }
}
