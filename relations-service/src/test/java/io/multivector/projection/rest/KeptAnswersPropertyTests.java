package io.multivector.projection.rest;

import io.multivector.devstack.DevInfrastructureTestResource;
import io.multivector.devstack.KeptAnswerOracle;
import io.multivector.devstack.TopicFeed;
import io.multivector.events.Event;
import io.multivector.events.EventCodec;
import io.multivector.events.catalogue.CatalogueRules;
import io.multivector.relations.Events;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * A kept answer served after later batches is the answer computed afresh: random batches of every kind that reaches
 * actors differently (visits, statements, memberships joined and left, treaties signed and terminated, retractions),
 * and after each, every question about these actors asked as a client would (kept answers may serve it) and with a
 * query no one asked before (computed). The computed answer is the oracle.
 */
@QuarkusTest
@WithTestResource(value = DevInfrastructureTestResource.class, initArgs = @ResourceArg(name = "database", value = "relations"))
class KeptAnswersPropertyTests {

    // codes no other test of this module uses: the database is shared, and other tests compare with their own events
    private static final List<String> ACTORS = List.of("AD", "SM", "LI", "MC", "VA", "MT", "IS", "LU");
    private static final String ORGANIZATION = "OSCE";

    /** Where an event went and which kind it was: its retraction (or a treaty's termination) follows it. */
    private record Placed(UUID id, String topic, String stream, String treatyId) {
    }

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private final EventCodec codec = EventCodec.bundled();
    private final List<Placed> placed = new ArrayList<>();
    private TopicFeed feed;
    private final KeptAnswerOracle oracle = new KeptAnswerOracle("KeptAnswersPropertyTests");
    private final Random random = oracle.random();

    @Test
    void aKeptAnswerIsAlwaysTheAnswerComputedAfresh() {
        try (TopicFeed f = new TopicFeed(bootstrap)) {
            feed = f;
            oracle.rounds(20, () -> {
                for (int n = 1 + random.nextInt(3); n > 0; n--) {
                    publishRandom();
                }
            }, KeptAnswersPropertyTests::caughtUp, this::askEverything);
        }
    }

    private void askEverything(int round) {
        for (String a : ACTORS) {
            oracle.compare(round, "/relations/" + a, "asOf=2022");
            oracle.compare(round, "/actors/" + a + "/balance", "from=2015&to=2022");
            oracle.compare(round, "/actors/" + a + "/memberships", "asOf=2022");
            oracle.compare(round, "/countries/" + a + "/relations-part", "asOf=2022");
            for (String b : ACTORS) {
                if (a.compareTo(b) < 0) {
                    oracle.compare(round, "/relations/" + a + "/" + b, "asOf=2022");
                    oracle.compare(round, "/relations/" + a + "/" + b + "/series", "from=2018&to=2022");
                }
            }
        }
    }

    private void publishRandom() {
        String a = ACTORS.get(random.nextInt(ACTORS.size()));
        String b = ACTORS.stream().filter(x -> !x.equals(a)).toList().get(random.nextInt(ACTORS.size() - 1));
        String on = (2015 + random.nextInt(7)) + "-0" + (1 + random.nextInt(9)) + "-1" + random.nextInt(10);
        List<Placed> signed = placed.stream().filter(p -> p.treatyId() != null).toList();
        // events that reach the actors they name are the many; those that reach every answer, a few
        switch (random.nextInt(9)) {
            case 0, 1 -> place(Events.visit(a, b, on));
            case 2 -> place(Events.statement(a, b, random.nextBoolean() ? "supportive" : "critical", on));
            case 3 -> place(Events.joined(a, ORGANIZATION, "member", on, null));
            case 4 -> place(Events.left(a, ORGANIZATION, "member", on));
            case 5, 6 -> {
                List<String> others = ACTORS.stream().filter(x -> !x.equals(a) && !x.equals(b)).toList();
                place(Events.treaty(UUID.randomUUID().toString(), on, a, b, others.get(random.nextInt(others.size()))));
            }
            case 7 -> {
                if (signed.isEmpty()) {
                    place(Events.visit(a, b, on));
                } else {
                    Placed treaty = signed.get(random.nextInt(signed.size()));
                    feed.publish(Events.terminated(treaty.treatyId(), "2021-06-0" + (1 + random.nextInt(9))), treaty.topic(), treaty.stream());
                }
            }
            default -> {
                if (placed.isEmpty()) {
                    place(Events.visit(a, b, on));
                } else {
                    Placed target = placed.get(random.nextInt(placed.size()));
                    feed.publish(Events.retraction(target.id().toString(), "2024-01-01"), target.topic(), target.stream());
                }
            }
        }
    }

    private void place(String json) {
        Event e = codec.decode(json.getBytes(StandardCharsets.UTF_8));
        UUID id = feed.publish(json);
        String treatyId = e.data() instanceof io.multivector.events.catalogue.TreatySigned t ? t.treatyId() : null;
        placed.add(new Placed(id, e.type().topic().orElseThrow().topicName(), CatalogueRules.streamOf(e.data()).orElseThrow(), treatyId));
    }

    private static void caughtUp() {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                given().get("/admin/projections").then().statusCode(200)
                        .body("items.find { it.name == 'relations' }.lag", equalTo(0)));
    }
}
