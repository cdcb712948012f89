package io.multivector.trade;

import io.multivector.devstack.DevInfrastructureTestResource;
import io.multivector.devstack.TopicFeed;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.UUID;

import static io.multivector.devstack.NumberNear.near;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/**
 * Trade answers as known at a recorded time: routes, shipments and a report recorded on 10 January 2026, a shipment
 * retracted and the report revised on 1 May 2026, asked before, between and after.
 */
@QuarkusTest
@WithTestResource(value = DevInfrastructureTestResource.class, initArgs = @ResourceArg(name = "database", value = "trade"))
class KnownAtTests {

    private static final Instant RECORDED = Instant.parse("2026-01-10T00:00:00Z");
    private static final Instant CHANGED = Instant.parse("2026-05-01T00:00:00Z");
    private static final String BEFORE = "2026-01-09";
    private static final String BETWEEN = "2026-03-01T12:00:00Z";
    private static final String AFTER = "2026-06-01";

    static {
        // Answers carry doubles; REST Assured would read them as floats.
        io.restassured.RestAssured.config = io.restassured.RestAssured.config().jsonConfig(io.restassured.config.JsonConfig.jsonConfig()
                .numberReturnType(io.restassured.path.json.config.JsonPathConfig.NumberReturnType.DOUBLE));
    }

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

    @Test
    void exposureShipmentsRoutesAndFlowsAsKnownAtEachTime() {
        feed.publish(TradeTests.route("t-pka", "2010", "\"IR\"", "operating"), null, null, RECORDED);
        feed.publish(TradeTests.route("t-pkb", "2010", "\"AF\"", "operating"), null, null, RECORDED);
        feed.publish(TradeTests.shipment("PK", "t-pka", "2015-01-01", 600, "bbl"), null, null, RECORDED);
        UUID second = feed.publish(TradeTests.shipment("PK", "t-pkb", "2015-02-01", 400, "bbl"), null, null, RECORDED);
        feed.publish(TradeTests.report("PK", "CN", "2021", "\"totalUsd\":1000"), null, null, RECORDED);
        feed.publish("""
                {"type":"event.retracted","data":{"occurredOn":"2026-04-30","eventId":"%s","reason":"double entry",\
                "sources":[{"ref":"test"}]}}""".formatted(second), "geo.trade.v1", "IT~PK", CHANGED);
        feed.publish(TradeTests.report("PK", "CN", "2021", "\"totalUsd\":3000"), null, null, CHANGED); // a revision
        TradeTests.caughtUp();

        exposure(BEFORE).body("routes", empty()).body("totalVolume", near(0, 0));
        // 600 on t-pka (through IR) and 400 on t-pkb (through AF): HHI 0.36 + 0.16
        exposure(BETWEEN).body("totalVolume", near(1000, 0)).body("routes.routeId", contains("t-pka", "t-pkb"))
                .body("routes[0].share", near(0.6, 1e-9)).body("transit.actor", contains("IR", "AF"))
                .body("hhi", near(0.52, 1e-9)).body("knownAt", equalTo(BETWEEN));
        exposure(AFTER).body("totalVolume", near(600, 0)).body("routes.routeId", contains("t-pka")).body("hhi", near(1.0, 1e-9));
        exposure(null).body("totalVolume", near(600, 0));

        shipments(BEFORE).body("items", empty());
        shipments(BETWEEN).body("items", hasSize(2)).body("knownAt", equalTo(BETWEEN));
        shipments(AFTER).body("items", hasSize(1)).body("items[0].quantity", near(600, 0));

        given().queryParam("knownAt", BEFORE).get("/trade/routes/t-pka").then().statusCode(404);
        given().queryParam("knownAt", BETWEEN).get("/trade/routes/t-pka").then().statusCode(200)
                .body("transit", contains("IR")).body("knownAt", equalTo(BETWEEN));

        // the latest report recorded by then wins
        flows(BEFORE).body("items", empty());
        flows(BETWEEN).body("items", hasSize(1)).body("items[0].totalUsd", near(1000, 0));
        flows(AFTER).body("items", hasSize(1)).body("items[0].totalUsd", near(3000, 0));
        given().queryParam("year", 2021).queryParam("knownAt", BETWEEN).get("/trade/partners/PK").then().statusCode(200)
                .body("items.partner", contains("CN")).body("items[0].totalUsd", near(1000, 0));

        given().queryParam("commodity", "2709").queryParam("knownAt", "2999-01-01").get("/trade/exports/PK/routes").then()
                .statusCode(400).body("errors[0].pointer", equalTo("/query/knownAt"));
    }

    private static io.restassured.response.ValidatableResponse exposure(String knownAt) {
        return given().queryParam("commodity", "2709").queryParams(knownAt == null ? java.util.Map.of() : java.util.Map.of("knownAt", knownAt))
                .get("/trade/exports/PK/routes").then().statusCode(200);
    }

    private static io.restassured.response.ValidatableResponse shipments(String knownAt) {
        return given().queryParam("exporter", "PK").queryParam("knownAt", knownAt).get("/trade/shipments").then().statusCode(200);
    }

    private static io.restassured.response.ValidatableResponse flows(String knownAt) {
        return given().queryParam("reporter", "PK").queryParam("partner", "CN").queryParam("knownAt", knownAt).get("/trade/flows")
                .then().statusCode(200);
    }
}
