package io.multivector.ingest.store.rest;

import io.agroal.api.AgroalDataSource;
import io.multivector.devstack.DevInfrastructureTestResource;
import io.multivector.ingest.IngestTestEvents;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.endsWith;

@QuarkusTest
@WithTestResource(value = DevInfrastructureTestResource.class, initArgs = @ResourceArg(name = "database", value = "ingest"))
class EventResourceTests {

    @Inject
    AgroalDataSource dataSource;

    long storedCount() throws SQLException {
        try (Connection c = dataSource.getConnection(); ResultSet rs = c.createStatement().executeQuery("select count(*) from event_store")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void appendsAnEventAndReadsItBack() {
        UUID id = UUID.randomUUID();
        given().contentType("application/cloudevents+json").body(IngestTestEvents.treaty(id))
                .when().post("/events")
                .then().statusCode(201)
                .header("Location", endsWith("/events/" + id))
                .body("id", equalTo(id.toString()))
                .body("stream", equalTo("EU~KZ"))
                .body("topic", equalTo("geo.diplomacy.v1"))
                .body("sequence", notNullValue())
                .body("created", equalTo(true));
        given().when().get("/events/" + id)
                .then().statusCode(200)
                .body("specversion", equalTo("1.0"))
                .body("subject", equalTo("EU~KZ"))
                .body("dataschema", equalTo("urn:multivector:schema:treaty.signed:1"))
                .body("sequence", notNullValue())
                .body("time", notNullValue())
                .body("data.parties", hasItem("EU"));
    }

    @Test
    void aRetryWithTheSameContentAnswersTheOriginalAndStoresNothing() throws SQLException {
        UUID id = UUID.randomUUID();
        int sequence = given().contentType(ContentType.JSON).body(IngestTestEvents.treaty(id)).post("/events")
                .then().statusCode(201).extract().path("sequence");
        long before = storedCount();
        given().contentType(ContentType.JSON).body(IngestTestEvents.treaty(id)).post("/events")
                .then().statusCode(200).body("sequence", equalTo(sequence)).body("created", equalTo(false));
        assertThat(storedCount()).isEqualTo(before);
    }

    @Test
    void theSameIdWithOtherContentIsAConflictAndStoresNothing() throws SQLException {
        UUID id = UUID.randomUUID();
        given().contentType(ContentType.JSON).body(IngestTestEvents.treaty(id, "t-one", "KZ", "EU")).post("/events").then().statusCode(201);
        long before = storedCount();
        given().contentType(ContentType.JSON).body(IngestTestEvents.treaty(id, "t-two", "KZ", "EU")).post("/events")
                .then().statusCode(409).contentType("application/problem+json")
                .body("errors[0].pointer", equalTo("/id"));
        assertThat(storedCount()).isEqualTo(before);
    }

    @Test
    void anInvalidEventIsAProblemNamingTheFieldAndStoresNothing() throws SQLException {
        long before = storedCount();
        String bad = IngestTestEvents.treaty(UUID.randomUUID()).replace("\"2015-12-21\"", "\"2015-02-30\"").replace("\"EU\"]", "\"XQ\"]");
        given().contentType(ContentType.JSON).body(bad).post("/events")
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("urn:multivector:problem:validation"))
                .body("errors.pointer", hasItem("/data/occurredOn"))
                .body("errors.pointer", hasItem("/data/parties/1"));
        given().contentType(ContentType.JSON).body("{not json").post("/events")
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].pointer", equalTo(""));
        assertThat(storedCount()).isEqualTo(before);
    }

    @Test
    void ifMatchGivesOptimisticConcurrency() throws SQLException {
        String a = "UZ";
        String stream = "TM~" + a;
        UUID first = UUID.randomUUID();
        int version = given().contentType(ContentType.JSON).body(IngestTestEvents.visit(first, "TM", a, "2019-05-01"))
                .post("/events").then().statusCode(201).extract().path("streamVersion");
        long before = storedCount();
        given().contentType(ContentType.JSON).header("If-Match", "\"" + (version - 1) + "\"")
                .body(IngestTestEvents.visit(UUID.randomUUID(), "TM", a, "2019-05-02"))
                .post("/events").then().statusCode(412).contentType("application/problem+json");
        assertThat(storedCount()).isEqualTo(before);
        given().contentType(ContentType.JSON).header("If-Match", "\"" + version + "\"")
                .body(IngestTestEvents.visit(UUID.randomUUID(), "TM", a, "2019-05-02"))
                .post("/events").then().statusCode(201).body("stream", equalTo(stream)).body("streamVersion", equalTo(version + 1));
    }

    @Test
    void tooLargeAndWrongMediaTypeAreProblems() throws SQLException {
        long before = storedCount();
        String huge = IngestTestEvents.treaty(UUID.randomUUID()).replace("Partnership agreement", "x".repeat(1_100_000));
        given().contentType(ContentType.JSON).body(huge).post("/events")
                .then().statusCode(413).contentType("application/problem+json");
        given().contentType(ContentType.XML).body("<event/>").post("/events")
                .then().statusCode(415).contentType("application/problem+json");
        assertThat(storedCount()).isEqualTo(before);
    }

    @Test
    void aBatchIsAllOrNothing() throws SQLException {
        long before = storedCount();
        String good = IntStream.range(0, 3).mapToObj(i -> IngestTestEvents.treaty(UUID.randomUUID())).collect(Collectors.joining("\n"));
        String withBadLine = good + "\n" + "{\"type\":\"treaty.signed\",\"data\":{}}" + "\n";
        given().contentType("application/x-ndjson").body(withBadLine.getBytes(StandardCharsets.UTF_8)).post("/events")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.pointer", hasItem("/lines/3/data/treatyId"));
        assertThat(storedCount()).isEqualTo(before);
        given().contentType("application/x-ndjson").body(good.getBytes(StandardCharsets.UTF_8)).post("/events")
                .then().statusCode(201).body("accepted", equalTo(3)).body("created", equalTo(3)).body("results", hasSize(3));
        assertThat(storedCount()).isEqualTo(before + 3);
        given().contentType("application/x-ndjson").body(good.getBytes(StandardCharsets.UTF_8)).post("/events")
                .then().statusCode(200).body("created", equalTo(0));
        assertThat(storedCount()).isEqualTo(before + 3);
    }

    @Test
    void aTerminationJoinsItsTreatysStreamAndRetractionsNeedAStoredEvent() {
        UUID signed = UUID.randomUUID();
        given().contentType(ContentType.JSON).body(IngestTestEvents.treaty(signed, "cfe-like-1990", "RU", "US")).post("/events").then().statusCode(201);
        given().contentType(ContentType.JSON).body("""
                        {"type":"treaty.terminated","data":{"occurredOn":"2023","treatyId":"cfe-like-1990","party":"RU","sources":[{"ref":"test"}]}}""")
                .post("/events").then().statusCode(201).body("stream", equalTo("RU~US"));
        given().contentType(ContentType.JSON).body("""
                        {"type":"treaty.terminated","data":{"occurredOn":"2023","treatyId":"never-signed","sources":[{"ref":"test"}]}}""")
                .post("/events").then().statusCode(400).body("errors[0].pointer", equalTo("/data/treatyId"));
        given().contentType(ContentType.JSON).body("""
                        {"type":"event.retracted","data":{"occurredOn":"2024","eventId":"%s","reason":"duplicate","sources":[{"ref":"test"}]}}"""
                        .formatted(signed))
                .post("/events").then().statusCode(201).body("stream", equalTo("RU~US")).body("topic", equalTo("geo.diplomacy.v1"));
        given().contentType(ContentType.JSON).body("""
                        {"type":"event.retracted","data":{"occurredOn":"2024","eventId":"%s","reason":"again","sources":[{"ref":"test"}]}}"""
                        .formatted(signed))
                .post("/events").then().statusCode(409);
    }

    @Test
    void listsByActorAndTypeWithKeysetPaging() {
        String batch = IntStream.range(0, 5).mapToObj(i -> IngestTestEvents.visit(UUID.randomUUID(), "MN", "KG", "2011-0" + (i + 1)))
                .collect(Collectors.joining("\n"));
        given().contentType("application/x-ndjson").body(batch.getBytes(StandardCharsets.UTF_8)).post("/events").then().statusCode(201);
        String next = given().queryParam("actor", "MN").queryParam("type", "visit.made").queryParam("limit", 3)
                .get("/events").then().statusCode(200).body("items", hasSize(3)).body("next", notNullValue())
                .extract().path("next");
        given().queryParam("actor", "MN").queryParam("type", "visit.made").queryParam("limit", 3).queryParam("after", next)
                .get("/events").then().statusCode(200).body("items", hasSize(2)).body("next", equalTo(null));
        given().queryParam("actor", "MN").queryParam("from", "2011-04").queryParam("to", "2011")
                .get("/events").then().statusCode(200).body("items", hasSize(2));
        given().get("/streams/KG~MN/events").then().statusCode(200).body("items", hasSize(5)).body("items[0].streamversion", equalTo("1"));
        given().queryParam("actor", "NOPE1").get("/events").then().statusCode(400).body("errors[0].pointer", equalTo("/query/actor"));
        given().queryParam("from", "2011-13").get("/events").then().statusCode(400).body("errors[0].pointer", equalTo("/query/from"));
    }
}
