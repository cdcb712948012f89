package io.multivector.gateway.seeds;

import io.multivector.devstack.BackendsTestResource;
import io.multivector.devstack.SeedLoader;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.hamcrest.Matcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.URL;
import java.nio.file.Path;
import java.util.stream.Stream;

import static io.multivector.devstack.NumberNear.near;
import static io.multivector.gateway.GatewayTestSupport.eventually;
import static io.multivector.gateway.GatewayTestSupport.reader;
import static io.multivector.gateway.GatewayTestSupport.writer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

/**
 * The seed corpus loaded through the gateway (twice: the second load stores nothing), then questions
 * whose answers the source documents state, asked of the public API.
 */
@QuarkusTest
@WithTestResource(BackendsTestResource.class)
class SeedQuestionsTests {

    private static boolean loaded;

    @TestHTTPResource("/api/v1")
    URL api;

    /** Once per class, but after the application started (the URL has its real port only then). */
    @BeforeEach
    void loadTheCorpusTwice() throws Exception {
        if (loaded) {
            return;
        }
        Path corpus = Path.of("..", "seeds", "corpus");
        SeedLoader loader = new SeedLoader(api.toString(), BackendsTestResource.keys().writer());
        SeedLoader.Loaded first = loader.load(corpus);
        SeedLoader.Loaded second = loader.load(corpus);
        assertThat(first.events()).isGreaterThan(80);
        assertThat(second.events()).isEqualTo(first.events());
        assertThat(second.created()).isZero();
        // every read model has what the last seed file holds once the projections caught up
        eventually(() -> reader().get("/api/v1/trade/routes/kuryk-port").then().statusCode(200));
        eventually(() -> reader().queryParam("country", "KZ").get("/api/v1/elections").then().statusCode(200)
                .body("items.heldOn", hasItem("2023-03-19")));
        // ... and the last correction of a name (90-spellings) replaced the visit it retracted
        eventually(() -> reader().queryParam("asOf", "2023-03-01").get("/api/v1/relations/KZ/US").then().statusCode(200)
                .body("recent.findAll { it.type == 'visit.made' }.data.visitor", allOf(hasItem("Anthony Blinken"), not(hasItem("Antony Blinken")))));
        loaded = true;
    }

    static Stream<Arguments> questions() {
        return Stream.of(
                q("KZ is a WTO member as of 2016-01-01", "/actors/KZ/memberships?asOf=2016-01-01", "items.organization", hasItem("WTO")),
                q("... and not yet on 2015-06-01", "/actors/KZ/memberships?asOf=2015-06-01", "items.organization", not(hasItem("WTO"))),
                q("EURASEC ended for KZ when the EAEU began", "/actors/KZ/memberships?asOf=2015-06-01", "items.organization",
                        allOf(hasItem("EAEU"), not(hasItem("EURASEC")))),
                q("KZ was in EURASEC at the end of 2014", "/actors/KZ/memberships?asOf=2014-12-31", "items.organization", hasItem("EURASEC")),
                q("the EAEU's members in March 2015", "/organizations/EAEU/members?asOf=2015-03-01", "items.member",
                        allOf(hasItems("KZ", "RU", "BY"), not(hasItem("KG")))),
                q("KG joined the EAEU in May 2015", "/organizations/EAEU/members?asOf=2015-06-01", "items.member", hasItem("KG")),
                q("KZ sat on the UN Security Council in 2018", "/actors/KZ/memberships?asOf=2018-06-01", "items.organization", hasItem("UNSC")),
                q("... and no longer in 2019", "/actors/KZ/memberships?asOf=2019-06-01", "items.organization", not(hasItem("UNSC"))),
                q("KZ chaired the OSCE in 2010", "/actors/KZ/memberships?asOf=2010-06-01", "items.findAll { it.organization == 'OSCE' }.role",
                        hasItem("chair")),
                q("seats of Nur Otan in 2012", "/elections?country=KZ&kind=parliamentary&from=2012&to=2012",
                        "items[0].results.find { it.name == 'Nur Otan' }.seats", near(83)),
                q("Tokayev's share in 2019", "/elections?country=KZ&kind=presidential&from=2019&to=2019",
                        "items[0].results.find { it.name == 'Kasym-Dschomart Tokayev' }.votePct", near(70.96, 1e-4)),
                q("... the election found by the other spelling of his name", "/elections?country=KZ&person=kassym-jomart",
                        "items.heldOn", contains("2019-06-09")),
                q("president before the March 2019 handover", "/actors/KZ/officeholders?asOf=2019-03-19",
                        "items.find { it.office == 'president' }.person", equalTo("Nursultan Nazarbayev")),
                q("president after it", "/actors/KZ/officeholders?asOf=2019-03-20",
                        "items.find { it.office == 'president' }.person", equalTo("Kassym-Jomart Tokayev")),
                q("prime minister from April 2014", "/actors/KZ/officeholders?asOf=2014-05-01",
                        "items.find { it.office == 'prime-minister' }.person", equalTo("Karim Masimov")),
                q("... found by the spelling the document gives", "/actors/KZ/officeholders?asOf=2014-05-01&person=Masimov",
                        "items.person", contains("Karim Masimov")),
                q("... and by the other spelling recorded for him", "/actors/KZ/officeholders?asOf=2014-05-01&person=massimov",
                        "items.person", contains("Karim Masimov")),
                q("... but not by another name", "/actors/KZ/officeholders?asOf=2014-05-01&person=Akhmetov", "items", empty()),
                q("the president after the March 2019 handover by document 001's spelling",
                        "/actors/KZ/officeholders?asOf=2019-03-20&person=Kasym-Dschomart", "items.person", contains("Kassym-Jomart Tokayev")),
                q("Uzbekistan's president after Karimov", "/actors/UZ/officeholders?asOf=2017",
                        "items.find { it.office == 'president' }.person", equalTo("Shawkat Mirsiyoyev")),
                q("the KZ-RU trade total for 2021", "/trade/flows?reporter=KZ&partner=RU&from=2021&to=2021", "items[0].totalUsd", near(24.2e9)),
                q("the KZ-EU trade balance for 2021", "/trade/flows?reporter=KZ&partner=EU&from=2021&to=2021", "items[0].balanceUsd", near(12.7e9)),
                q("Druzhba's capacity", "/trade/routes/druzhba", "capacity", near(2_000_000)),
                q("Druzhba's transit countries", "/trade/routes/druzhba", "transit", contains("RU", "BY", "PL")),
                q("CPC runs through Russia", "/trade/routes/cpc", "transit", contains("RU")),
                q("the routes of the documents", "/trade/routes", "items.routeId",
                        hasItems("cpc", "druzhba", "btc", "middle-corridor", "kuryk-port")),
                q("crude to Germany in 2023 went by Druzhba", "/trade/exports/KZ/routes?commodity=2709&from=2023&to=2023",
                        "routes.routeId", contains("druzhba")),
                q("the reported reliance on Russian transit", "/trade/exports/KZ/routes?commodity=2709",
                        "reported.find { it.dimension == 'transit' }.share", near(0.8, 1e-6)),
                q("the EU's 2015 enhanced partnership is in force in 2016", "/treaties?party=KZ&asOf=2016-06-01", "items.treatyId",
                        hasItem("eu-kz-epca-2015")),
                q("... and not signed yet on 2015-12-20", "/treaties?party=KZ&asOf=2015-12-20", "items.treatyId",
                        not(hasItem("eu-kz-epca-2015"))),
                q("the Caspian convention's parties", "/treaties/caspian-convention-2018", "parties",
                        containsInAnyOrder("AZ", "IR", "KZ", "RU", "TM")),
                q("KZ and RU share CSTO, SCO and EAEU in 2023", "/relations/KZ/RU?asOf=2023-12-31", "sharedMemberships",
                        hasItems("CSTO", "SCO", "EAEU")),
                q("the threat-reduction agreement links KZ and US in 1994", "/relations/KZ/US?asOf=1994", "treatiesInForce.treatyId",
                        hasItem("kz-us-ctr-1993")),
                q("the profile's last election as of 2023", "/countries/KZ/profile?asOf=2023-12-31", "lastElection.heldOn",
                        equalTo("2023-03-19")));
    }

    private static Arguments q(String question, String path, String jsonPath, Matcher<?> answer) {
        return Arguments.of(question, path, jsonPath, answer);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("questions")
    void theApiAnswersWhatTheDocumentsState(String question, String path, String jsonPath, Matcher<?> answer) {
        reader().get("/api/v1" + path).then().statusCode(200).body(jsonPath, answer);
    }

    @org.junit.jupiter.api.Test
    void theSystemAnswersAsItKnewAtARecordedTime() {
        // before the corpus was recorded nothing of it is known; the profile says what it is as known at
        reader().queryParam("asOf", "2023").queryParam("knownAt", "2020-01-01").get("/api/v1/countries/KZ/profile").then().statusCode(200)
                .body("knownAt", equalTo("2020-01-01T23:59:59.999999Z")).body("topPartners", empty()).body("memberships", empty())
                .body("officeholders", empty()).body("lastElection", nullValue()).body("crudeOilExposure.routes", empty())
                .body("degraded", empty());
        reader().queryParam("knownAt", "2999-01-01").get("/api/v1/countries/KZ/profile").then().statusCode(400)
                .body("errors[0].pointer", equalTo("/query/knownAt"));

        // an event, then its retraction: asked between the two, the event counts; after, it does not
        String visit = writer().contentType("application/json").body("""
                {"type":"visit.made","data":{"occurredOn":"2024-05-02","visitor":"A Minister","visitorActor":"LA","host":"KH",\
                "sources":[{"ref":"test"}]}}""").post("/api/v1/events").then().statusCode(201).extract().path("id");
        // RestAssured reads a score like 2.8 as a float here (7 digits): the tolerance is the float's, the value is exact
        eventually(() -> reader().queryParam("asOf", "2024-05-02").get("/api/v1/relations/LA/KH").then().body("score", near(2.8, 1e-6)));
        // as known at the moment the store recorded the visit: the retraction, posted after, is recorded later
        String between = reader().get("/api/v1/events/" + visit).then().statusCode(200).extract().path("time");
        writer().contentType("application/json").body("""
                {"type":"event.retracted","data":{"occurredOn":"2024-06-01","eventId":"%s","reason":"entered in error",\
                "sources":[{"ref":"test"}]}}""".formatted(visit)).post("/api/v1/events").then().statusCode(201);
        eventually(() -> reader().queryParam("asOf", "2024-05-02").get("/api/v1/relations/LA/KH").then().body("score", near(0, 1e-9)));
        reader().queryParam("asOf", "2024-05-02").queryParam("knownAt", between).get("/api/v1/relations/LA/KH").then()
                .statusCode(200).body("score", near(2.8, 1e-6)).body("counts.'visit.made'", equalTo(1))
                .body("knownAt", equalTo(java.time.Instant.parse(between).toString()));
        // and what changed since then: the retraction, listed among the events recorded after it
        reader().queryParam("recordedFrom", between).queryParam("type", "event.retracted").get("/api/v1/events").then()
                .statusCode(200).body("items.data.eventId", hasItem(visit));
        reader().queryParam("recordedTo", between).queryParam("actor", "LA").get("/api/v1/events").then()
                .statusCode(200).body("items.id", contains(visit));
        reader().queryParam("recordedFrom", "2026-13").get("/api/v1/events").then().statusCode(400)
                .body("errors[0].pointer", equalTo("/query/recordedFrom"));
    }
}
