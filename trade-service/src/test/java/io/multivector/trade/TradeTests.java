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

import java.time.Duration;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static io.multivector.devstack.NumberNear.near;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

/** The trade read model, each test on actors and routes no other test uses. */
@QuarkusTest
@WithTestResource(value = DevInfrastructureTestResource.class, initArgs = @ResourceArg(name = "database", value = "trade"))
class TradeTests {

    private static final String SRC = "\"sources\":[{\"ref\":\"test\"}]";

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

    static void eventually(Runnable assertion) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(assertion::run);
    }

    static void caughtUp() {
        eventually(() -> given().get("/admin/projections").then().statusCode(200).body("items[0].lag", equalTo(0)));
    }

    static String report(String reporter, String partner, String period, String figures) {
        return """
                {"type":"trade.reported","data":{"occurredOn":"2022","reporter":"%s","partner":"%s","period":"%s",%s,%s}}"""
                .formatted(reporter, partner, period, figures, SRC);
    }

    static String route(String id, String on, String transit, String status) {
        return """
                {"type":"route.registered","data":{"occurredOn":"%s","routeId":"%s","name":"Route %s","kind":"pipeline",\
                "origin":"TM","destination":"IT","transit":[%s],"lengthKm":1500,"capacity":100,"capacityUnit":"bbl/d",\
                "operator":"Op","status":"%s",%s}}""".formatted(on, id, id, transit, status, SRC);
    }

    static String shipment(String exporter, String routeId, String on, int quantity, String unit) {
        return """
                {"type":"shipment.delivered","data":{"occurredOn":"%s","exporter":"%s","importer":"IT","commodity":"2709",\
                "quantity":%d,"unit":"%s"%s,%s}}""".formatted(on, exporter, quantity, unit,
                routeId == null ? "" : ",\"routeId\":\"" + routeId + "\"", SRC);
    }

    @Test
    void flowsOverlappingTheWindowStartCountWhateverTheirLength() {
        // a year ending inside the window starts long before it; a month ending the day before it is out
        feed.publish(report("TJ", "RU", "2019", "\"totalUsd\":1000"));
        feed.publish(report("TJ", "CN", "2019-06", "\"totalUsd\":2000"));
        feed.publish(report("TJ", "IT", "2018", "\"totalUsd\":3000"));
        feed.publish(report("TJ", "DE", "2019-07", "\"totalUsd\":4000"));
        caughtUp();
        given().queryParam("reporter", "TJ").queryParam("from", "2019-07-01").queryParam("to", "2019-12")
                .get("/trade/flows").then().statusCode(200).body("items.partner", containsInAnyOrder("RU", "DE"));
        given().queryParam("reporter", "TJ").queryParam("from", "2019-06-30").queryParam("to", "2019-06-30")
                .get("/trade/flows").then().statusCode(200).body("items.partner", containsInAnyOrder("RU", "CN"));
        given().queryParam("reporter", "TJ").queryParam("from", "2018-12-31")
                .get("/trade/flows").then().statusCode(200).body("items.partner", containsInAnyOrder("RU", "CN", "IT", "DE"));
        given().queryParam("reporter", "TJ").queryParam("from", "2020")
                .get("/trade/flows").then().statusCode(200).body("items", hasSize(0));
    }

    @Test
    void flowsAreCompletedWhereTheFiguresDetermineThemAndRevisionsReplaceReports() {
        feed.publish(report("KZ", "RU", "2021", "\"exportsUsd\":8800000000,\"importsUsd\":15500000000"));
        feed.publish(report("KZ", "CN", "2021", "\"totalUsd\":18000000000,\"balanceUsd\":4000000000"));
        feed.publish(report("KZ", "IT", "2021", "\"totalUsd\":1000000000"));
        feed.publish(report("KZ", "IT", "2021", "\"totalUsd\":9000000000,\"exportsUsd\":8500000000"));
        eventually(() -> given().queryParam("reporter", "KZ").queryParam("from", "2021").queryParam("to", "2021")
                .get("/trade/flows").then().statusCode(200).body("items", hasSize(3))
                .body("items.find { it.partner == 'RU' }.totalUsd", near(24.3e9, 1))
                .body("items.find { it.partner == 'RU' }.balanceUsd", near(-6.7e9, 1))
                .body("items.find { it.partner == 'RU' }.derived", contains("totalUsd", "balanceUsd"))
                .body("items.find { it.partner == 'CN' }.exportsUsd", near(11e9, 1))
                .body("items.find { it.partner == 'CN' }.importsUsd", near(7e9, 1))
                .body("items.find { it.partner == 'IT' }.importsUsd", near(0.5e9, 1)));
        given().queryParam("year", 2021).get("/trade/partners/KZ").then().statusCode(200)
                .body("items.partner", contains("RU", "CN", "IT"))
                .body("items[0].share", near(24.3 / 51.3, 0.000001));
        given().get("/trade/partners/KZ").then().statusCode(400).body("errors[0].pointer", equalTo("/query/year"));
    }

    @Test
    void exposureSharesTransitAndHhiMatchAHandComputedCase() {
        feed.publish(route("t-north", "2010", "\"RU\"", "operating"));
        feed.publish(route("t-west", "2010", "\"AZ\",\"GE\"", "operating"));
        feed.publish(shipment("TM", "t-north", "2015-03-01", 600, "bbl"));
        feed.publish(shipment("TM", "t-west", "2015-04-01", 300, "bbl"));
        feed.publish(route("t-west", "2017-06", "\"AZ\",\"GE\"", "operating")); // registered again, the same transit
        feed.publish(route("t-west", "2020", "\"AZ\",\"GE\",\"TR\"", "operating")); // transit changes later
        feed.publish(shipment("TM", "t-west", "2021-01-01", 100, "bbl"));
        feed.publish(shipment("TM", "t-north", "2021-02-01", 50, "t"));            // another unit: apart
        feed.publish(shipment("TM", null, "2021-03-01", 25, "bbl"));               // no known route
        feed.publish("""
                {"type":"export.share.reported","data":{"occurredOn":"2016","exporter":"TM","commodity":"2709",\
                "dimension":"route","key":"t-north","share":0.55,"period":"2015",%s}}""".formatted(SRC));
        eventually(() -> given().queryParam("commodity", "2709").get("/trade/exports/TM/routes").then().statusCode(200)
                .body("unit", equalTo("bbl")).body("totalVolume", near(1025, 0)).body("unroutedVolume", near(25, 0))
                .body("routes.routeId", contains("t-north", "t-west"))
                .body("routes.share", contains(0.6, 0.4))
                .body("transit.actor", contains("RU", "AZ", "GE", "TR"))
                .body("transit.share", contains(0.6, 0.4, 0.4, 0.1))
                .body("hhi", near(0.52, 0.000001)).body("hhiNormalized", near(0.04, 0.000001))
                .body("reported[0].key", equalTo("t-north")).body("reported[0].share", near(0.55, 0))
                .body("otherUnits[0].unit", equalTo("t")).body("otherUnits[0].totalVolume", near(50, 0)));
        given().queryParam("commodity", "2709").queryParam("unit", "t").get("/trade/exports/TM/routes").then()
                .body("routes.routeId", contains("t-north")).body("hhiNormalized", near(1.0, 0));
        given().queryParam("commodity", "2709").queryParam("to", "2015").get("/trade/exports/TM/routes").then()
                .body("transit.actor", contains("RU", "AZ", "GE"));
        // the window's first day counts whole; the day after it, nothing of that day
        given().queryParam("commodity", "2709").queryParam("from", "2021-01-01").get("/trade/exports/TM/routes").then()
                .body("totalVolume", near(125, 0)).body("routes.routeId", contains("t-west"))
                .body("transit.actor", contains("AZ", "GE", "TR")).body("transit.share", contains(1.0, 1.0, 1.0));
        given().queryParam("commodity", "2709").queryParam("from", "2021-01-02").get("/trade/exports/TM/routes").then()
                .body("unit", equalTo("bbl")).body("totalVolume", near(25, 0)).body("routes", hasSize(0));
        // between the two registrations of t-west only the first one's transit counts
        given().queryParam("commodity", "2709").queryParam("from", "2015-04-01").queryParam("to", "2020").get("/trade/exports/TM/routes")
                .then().body("totalVolume", near(300, 0)).body("transit.actor", contains("AZ", "GE"));
        given().queryParam("commodity", "oil").get("/trade/exports/TM/routes").then().statusCode(400)
                .body("errors[0].pointer", equalTo("/query/commodity"));
    }

    @Test
    void routesShowTheirCurrentStatusCapacityAndHistory() {
        feed.publish(route("t-east", "2001", "\"KZ\"", "planned"));
        feed.publish("""
                {"type":"route.status.changed","data":{"occurredOn":"2003-07","routeId":"t-east","status":"operating","capacity":250,%s}}"""
                .formatted(SRC), "geo.trade.v1", "TM");
        eventually(() -> given().get("/trade/routes/t-east").then().statusCode(200)
                .body("status", equalTo("operating")).body("capacity", near(250, 0)).body("transit", contains("KZ"))
                .body("history.status", contains("planned", "operating")));
        given().get("/trade/routes").then().statusCode(200).body("items.routeId", org.hamcrest.Matchers.hasItem("t-east"));
        given().get("/trade/routes/nowhere").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void aRetractionReachesTheExporterOfTheShipmentItRetractsAndNoOther() {
        UUID retracted = feed.publish(shipment("ME", null, "2019-01-01", 40, "bbl"));
        feed.publish(shipment("SI", null, "2019-01-01", 60, "bbl"));
        caughtUp();
        for (String exporter : new String[]{"ME", "SI"}) {
            given().queryParam("commodity", "2709").get("/trade/exports/" + exporter + "/routes").then().statusCode(200);
            given().queryParam("commodity", "2709").get("/trade/exports/" + exporter + "/routes").then()
                    .header("Cache-Status", equalTo("multivector; hit"));
        }
        // the retraction names no exporter, but reaches ME through the shipment it retracts; it does not reach SI
        feed.publish("""
                {"type":"event.retracted","data":{"occurredOn":"2024","eventId":"%s","reason":"double entry",%s}}"""
                .formatted(retracted, SRC), "geo.trade.v1", "IT~ME");
        caughtUp();
        given().queryParam("commodity", "2709").get("/trade/exports/ME/routes").then().statusCode(200)
                .header("Cache-Status", equalTo("multivector; fwd=miss; stored")).body("shipments", equalTo(0));
        given().queryParam("commodity", "2709").get("/trade/exports/SI/routes").then().statusCode(200)
                .header("Cache-Status", equalTo("multivector; hit")).body("totalVolume", near(60, 0));
    }

    @Test
    void aRetractedShipmentLeavesNoTraceAndDuplicatesCountOnce() {
        feed.publish(route("t-south", "2010", "\"IR\"", "operating"));
        feed.publish(shipment("UZ", "t-south", "2012-01-01", 70, "t"));
        caughtUp();
        String before = given().get("/admin/projections/trade/checksum").then().extract().path("checksum");
        UUID extra = UUID.randomUUID();
        // the relay's copy of a stored event is the same record: same id, same sequence
        byte[] stored = feed.encodeStored(shipment("UZ", "t-south", "2012-02-01", 30, "t").replace("{\"type\"",
                "{\"id\":\"" + extra + "\",\"type\""));
        feed.send("geo.trade.v1", "IT~UZ", stored);
        feed.send("geo.trade.v1", "IT~UZ", stored);
        caughtUp();
        feed.send("geo.trade.v1", "IT~UZ", stored); // and once more, in a batch of its own
        caughtUp();
        given().queryParam("commodity", "2709").get("/trade/exports/UZ/routes").then()
                .body("totalVolume", near(100, 0)).body("shipments", equalTo(2));
        feed.publish("""
                {"type":"event.retracted","data":{"occurredOn":"2024","eventId":"%s","reason":"double entry",%s}}"""
                .formatted(extra, SRC), "geo.trade.v1", "IT~UZ");
        eventually(() -> given().queryParam("commodity", "2709").get("/trade/exports/UZ/routes").then()
                .body("totalVolume", near(70, 0)));
        caughtUp();
        assertThat((String) given().get("/admin/projections/trade/checksum").then().extract().path("checksum")).isEqualTo(before);
    }

    @Test
    void aPoisonRecordIsParkedAndTheNextRecordIsApplied() {
        feed.send("geo.trade.v1", "KZ", "{\"specversion\":\"1.0\",\"type\":\"shipment.deliv".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        byte[] unknownUnit = feed.encodeStored(shipment("KG", null, "2019-01-01", 10, "t"));
        feed.send("geo.trade.v1", "IT~KG", new String(unknownUnit, java.nio.charset.StandardCharsets.UTF_8)
                .replace("\"unit\":\"t\"", "\"unit\":\"gallons\"").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        feed.publish(shipment("KG", null, "2019-02-01", 40, "t"));
        eventually(() -> given().queryParam("commodity", "2709").get("/trade/exports/KG/routes").then().statusCode(200)
                .body("unroutedVolume", near(40, 0)));
        io.restassured.path.json.JsonPath dead = given().queryParam("limit", 500).get("/admin/dead-letters").then().statusCode(200)
                .extract().jsonPath();
        assertThat(dead.getList("items.reason", String.class)).anyMatch(r -> r.contains("not valid JSON"))
                .anyMatch(r -> r.contains("/data/unit"));
        String id = dead.getList("items", java.util.Map.class).stream()
                .filter(m -> String.valueOf(m.get("reason")).contains("/data/unit")).map(m -> (String) m.get("id")).findFirst().orElseThrow();
        assertThat(id).startsWith("trade-");
        given().post("/admin/dead-letters/" + id + "/retry").then().statusCode(409).contentType("application/problem+json");
    }

    @Test
    void aRebuildEndsWithTheSameChecksum() {
        feed.publish(report("AM", "GE", "2020", "\"exportsUsd\":1,\"importsUsd\":2"));
        caughtUp();
        String before = given().get("/admin/projections/trade/checksum").then().extract().path("checksum");
        given().post("/admin/projections/trade/rebuild").then().statusCode(202).body("rebuildingInto", notNullValue());
        eventually(() -> given().get("/admin/projections").then().body("items[0].rebuildingInto", nullValue()));
        caughtUp();
        assertThat((String) given().get("/admin/projections/trade/checksum").then().extract().path("checksum")).isEqualTo(before);
    }
}
