package io.multivector.trade;

import io.multivector.devstack.DevInfrastructureTestResource;
import io.multivector.devstack.KeptAnswerOracle;
import io.multivector.devstack.TopicFeed;
import io.multivector.events.Event;
import io.multivector.events.EventCodec;
import io.multivector.events.catalogue.CatalogueRules;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;


/**
 * A kept trade answer served after later batches is the answer computed afresh: random batches of shipments, reports
 * and reported shares (which reach the actors they name), route registrations and status changes (which reach every
 * answer) and retractions of any of them (which reach what their event reached); after each, every answer about an
 * exporter or reporter asked as a client would (kept answers may serve it) and with a query no one asked before
 * (computed). The computed answer is the oracle.
 */
@QuarkusTest
@WithTestResource(value = DevInfrastructureTestResource.class, initArgs = @ResourceArg(name = "database", value = "trade"))
class KeptTradeAnswersPropertyTests {

    // codes and routes no other test of this module uses: the database is shared
    private static final List<String> ACTORS = List.of("MD", "AL", "MK");
    private static final List<String> COUNTERPARTS = List.of("MD", "AL", "MK", "RS", "BA");
    private static final List<String> ROUTES = List.of("kept-a", "kept-b");
    private static final String SRC = "\"sources\":[{\"ref\":\"test\"}]";

    /** Where an event went: its retraction follows it there. */
    private record Placed(UUID id, String topic, String stream) {
    }

    static {
        // Numbers as doubles, as TradeTests reads them: its helpers initialise that class inside this one's run, and
        // Quarkus gives back the REST Assured settings from before the run when it ends.
        io.restassured.RestAssured.config = io.restassured.RestAssured.config().jsonConfig(io.restassured.config.JsonConfig.jsonConfig()
                .numberReturnType(io.restassured.path.json.config.JsonPathConfig.NumberReturnType.DOUBLE));
    }

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private final EventCodec codec = EventCodec.bundled();
    private final List<Placed> placed = new ArrayList<>();
    private TopicFeed feed;
    private final KeptAnswerOracle oracle = new KeptAnswerOracle("KeptTradeAnswersPropertyTests");
    private final Random random = oracle.random();

    @Test
    void aKeptTradeAnswerIsAlwaysTheAnswerComputedAfresh() {
        try (TopicFeed f = new TopicFeed(bootstrap)) {
            feed = f;
            for (String route : ROUTES) {
                place(registration(route, "2010", "RS"));
            }
            oracle.rounds(20, () -> {
                for (int n = 1 + random.nextInt(3); n > 0; n--) {
                    publishRandom();
                }
            }, TradeTests::caughtUp, this::askEverything);
        }
    }

    private void askEverything(int round) {
        for (String a : ACTORS) {
            oracle.compare(round, "/trade/exports/" + a + "/routes", "commodity=2709");
            oracle.compare(round, "/trade/partners/" + a, "year=2021");
            oracle.compare(round, "/countries/" + a + "/trade-part", "asOf=2022");
        }
    }

    private void publishRandom() {
        String a = ACTORS.get(random.nextInt(ACTORS.size()));
        String other = COUNTERPARTS.stream().filter(x -> !x.equals(a)).toList().get(random.nextInt(COUNTERPARTS.size() - 1));
        String route = ROUTES.get(random.nextInt(ROUTES.size()));
        String on = (2015 + random.nextInt(7)) + "-0" + (1 + random.nextInt(9)) + "-1" + random.nextInt(10);
        // events that reach the actors they name are the many; those that reach every answer, a few
        switch (random.nextInt(10)) {
            case 0, 1, 2 -> place("""
                    {"type":"shipment.delivered","data":{"occurredOn":"%s","exporter":"%s","importer":"%s","commodity":"2709",\
                    "quantity":%d,"unit":"bbl"%s,%s}}""".formatted(on, a, other, 10 + random.nextInt(90),
                    random.nextInt(4) == 0 ? "" : ",\"routeId\":\"" + route + "\"", SRC));
            case 3, 4 -> place(TradeTests.report(a, other, random.nextBoolean() ? "2021" : "2021-0" + (1 + random.nextInt(9)),
                    "\"totalUsd\":" + (1000 + random.nextInt(9000))));
            case 5 -> place("""
                    {"type":"export.share.reported","data":{"occurredOn":"2021","exporter":"%s","commodity":"2709",\
                    "dimension":"route","key":"%s","share":0.%d,"period":"2020",%s}}""".formatted(a, route, 1 + random.nextInt(9), SRC));
            case 6 -> place(registration(route, on, COUNTERPARTS.get(3 + random.nextInt(2))));
            case 7 -> place("""
                    {"type":"route.status.changed","data":{"occurredOn":"%s","routeId":"%s","status":"%s","capacity":%d,%s}}"""
                    .formatted(on, route, random.nextBoolean() ? "operating" : "closed", 100 + random.nextInt(100), SRC));
            default -> {
                Placed target = placed.get(random.nextInt(placed.size()));
                feed.publish("""
                        {"type":"event.retracted","data":{"occurredOn":"2024","eventId":"%s","reason":"test",%s}}"""
                        .formatted(target.id(), SRC), target.topic(), target.stream());
            }
        }
    }

    private static String registration(String route, String on, String transit) {
        return """
                {"type":"route.registered","data":{"occurredOn":"%s","routeId":"%s","name":"Route %s","kind":"pipeline",\
                "origin":"MD","destination":"IT","transit":["%s"],"lengthKm":900,"capacity":100,"capacityUnit":"bbl/d",\
                "operator":"Op","status":"operating",%s}}""".formatted(on, route, route, transit, SRC);
    }

    private void place(String json) {
        Event e = codec.decode(json.getBytes(StandardCharsets.UTF_8));
        String topic = e.type().topic().orElseThrow().topicName();
        // a status change names no stream: it goes with its route's registrations (origin MD)
        String stream = CatalogueRules.streamOf(e.data()).orElse("MD");
        placed.add(new Placed(feed.publish(json, topic, stream), topic, stream));
    }
}
