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
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static io.multivector.devstack.NumberNear.near;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

/** The relations read model answers, each test on actors no other test uses. */
@QuarkusTest
@WithTestResource(value = DevInfrastructureTestResource.class, initArgs = @ResourceArg(name = "database", value = "relations"))
class RelationsTests {

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

    static void eventually(Runnable assertion) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(assertion::run);
    }

    @Test
    void scoreDecaysWithTheHalfLifeAndSplitsIntoCooperationAndConflict() {
        String id = UUID.randomUUID().toString();
        feed.publish(Events.treaty(id, "2015-12-21", "AR", "BR"));
        feed.publish(Events.visit("AR", "BR", "2016-12-21"));
        feed.publish(Events.statement("BR", "AR", "critical", "2017-12-20"));
        // 730 days after the treaty: 8 × ½ = 4; the visit 364 days before: 2.8 × 2^(−364/730); the statement: −2
        double visit = 2.8 * Math.pow(2, -364.0 / 730);
        eventually(() -> given().queryParam("asOf", "2017-12-20").get("/relations/AR/BR").then().statusCode(200)
                .body("a", equalTo("AR")).body("b", equalTo("BR"))
                .body("score", near(4 + visit - 2, 0.0001))
                .body("cooperation", near(4 + visit, 0.0001))
                .body("conflict", near(-2, 0.0001))
                .body("counts.'treaty.signed'", equalTo(1)).body("counts.'visit.made'", equalTo(1))
                .body("counts.'statement.made'", equalTo(1))
                .body("treatiesInForce.treatyId", contains("t-" + id.substring(0, 8)))
                .body("recent", hasSize(3))
                // newest first, each the stored event itself
                .body("recent.type", contains("statement.made", "visit.made", "treaty.signed"))
                .body("recent[0].data.speaker", equalTo("BR")).body("recent[0].sequence", notNullValue()));
        // a shorter half-life: the treaty counts 8 × 2^(−730/365) = 2
        given().queryParam("asOf", "2017-12-20").queryParam("halfLifeDays", 365).get("/relations/BR/AR").then().statusCode(200)
                .body("score", near(2 + 2.8 * Math.pow(2, -364.0 / 365) - 2, 0.0001));
        // before anything happened
        given().queryParam("asOf", "2015-12-20").get("/relations/AR/BR").then().statusCode(200)
                .body("score", equalTo(0.0)).body("treatiesInForce", empty()).body("recent", empty());
        given().queryParam("asOf", "2017-12-20").get("/relations/AR").then().statusCode(200)
                .body("items[0].partner", equalTo("BR"));
        given().queryParam("from", "2015").queryParam("to", "2017").get("/relations/AR/BR/series").then().statusCode(200)
                .body("items.period", contains("2015", "2016", "2017")).body("items.count", contains(1, 1, 1));
    }

    @Test
    void aTreatyInForceIsListedWithItsTitleAndSigningAsTheSourceGaveThem() {
        String id = UUID.randomUUID().toString();
        // quotes, a backslash and Cyrillic: each treaty's JSON is written once when projected, and listed as written
        String title = "Treaty on the \"Steppe\" route \\ Ақмола " + id.substring(0, 8);
        feed.publish(Events.titledTreaty(id, title.replace("\\", "\\\\").replace("\"", "\\\""), "2014-05", "GY", "SR"));
        eventually(() -> given().queryParam("asOf", "2015").get("/relations/SR/GY").then().statusCode(200)
                .body("treatiesInForce", hasSize(1)).body("treatiesInForce[0].treatyId", equalTo("t-" + id.substring(0, 8)))
                .body("treatiesInForce[0].title", equalTo(title)).body("treatiesInForce[0].signedOn", equalTo("2014-05")));
        given().queryParam("asOf", "2015").queryParam("knownAt", Instant.now().toString()).get("/relations/GY/SR").then().statusCode(200)
                .body("treatiesInForce", hasSize(1)).body("treatiesInForce[0].title", equalTo(title))
                .body("treatiesInForce[0].signedOn", equalTo("2014-05"));
        given().queryParam("asOf", "2014-04-30").get("/relations/GY/SR").then().statusCode(200).body("treatiesInForce", empty());
    }

    @Test
    void membershipsCountFromTheFirstDayOfTheirDateAndEndTheDayTheMemberLeaves() {
        feed.publish(Events.joined("CL", "WTO", "member", "1995", null));
        feed.publish(Events.joined("CL", "SCO", "observer", "2015-11-30", null));
        feed.publish(Events.left("CL", "SCO", "observer", "2020-05-10"));
        feed.publish(Events.joined("CL", "UN", "non-permanent-member", "2017", "2018"));
        eventually(() -> given().queryParam("asOf", "2018-06-01").get("/actors/CL/memberships").then().statusCode(200)
                .body("items.organization", contains("SCO", "UN", "WTO")));
        given().queryParam("asOf", "1994").get("/actors/CL/memberships").then().body("items", empty());
        // the answer says what it is for: the last day of the month asked about, and when it was read
        given().queryParam("asOf", "1995-01").get("/actors/CL/memberships").then().body("asOf", equalTo("1995-01-31"))
                .body("knownAt", notNullValue());
        given().queryParam("asOf", "1995-01").get("/actors/CL/memberships").then().body("items.organization", contains("WTO"))
                .body("items[0].from", equalTo("1995"));
        given().queryParam("asOf", "2015-11-29").get("/actors/CL/memberships").then().body("items.organization", not(hasItem("SCO")));
        given().queryParam("asOf", "2015-11-30").get("/actors/CL/memberships").then().body("items.organization", hasItem("SCO"));
        given().queryParam("asOf", "2020-05-09").get("/actors/CL/memberships").then().body("items.organization", hasItem("SCO"));
        given().queryParam("asOf", "2020-05-10").get("/actors/CL/memberships").then().body("items.organization", not(hasItem("SCO")));
        given().queryParam("asOf", "2018-12-31").get("/actors/CL/memberships").then().body("items.organization", hasItem("UN"));
        given().queryParam("asOf", "2019-01-01").get("/actors/CL/memberships").then().body("items.organization", not(hasItem("UN")));
        given().queryParam("asOf", "2016").get("/organizations/SCO/members").then().statusCode(200)
                .body("items.member", hasItem("CL"));
        given().get("/organizations/CL/members").then().statusCode(400).body("errors[0].pointer", equalTo("/path/code"));
    }

    @Test
    void officeHoldersElectionsAndExercises() {
        feed.publish(Events.office("PE", "president", "First", "1991-12"));
        feed.publish(Events.office("PE", "president", "Second", "2019-03-20"));
        feed.publish(Events.election("PE", "2012-01-15"));
        feed.publish(Events.election("PE", "2016-01-17"));
        feed.publish(Events.exercise("2014", 3, "PE", "UY"));
        eventually(() -> given().queryParam("asOf", "2019-03-19").get("/actors/PE/officeholders").then()
                .body("items.person", contains("First")).body("items[0].until", equalTo("2019-03-20")));
        given().queryParam("asOf", "2019-03-20").get("/actors/PE/officeholders").then().body("items.person", contains("Second"));
        eventually(() -> given().queryParam("country", "PE").get("/elections").then().statusCode(200)
                .body("items.heldOn", contains("2012-01-15", "2016-01-17"))
                .body("items[0].results[0].seats", equalTo(83)));
        given().queryParam("country", "PE").queryParam("latest", 1).get("/elections").then().statusCode(200)
                .body("items.heldOn", contains("2016-01-17"));
        given().queryParam("country", "PE").queryParam("to", "2015").queryParam("latest", 1).get("/elections").then()
                .body("items.heldOn", contains("2012-01-15"));
        given().queryParam("latest", 0).get("/elections").then().statusCode(400).body("errors[0].pointer", equalTo("/query/latest"));
        // 3 exercises × 7.4, undecayed on the day
        eventually(() -> given().queryParam("asOf", "2014-01-01").get("/relations/PE/UY").then()
                .body("score", near(22.2, 0.0001)).body("counts.'exercise.held'", equalTo(1)));
    }

    @Test
    void anOfficeHolderIsFoundByTheRecordedNameOrAnyOtherSpellingAndNotByAnotherName() {
        // as the seeds correct the prime minister of 2014: the misspelt term retracted, the source's spelling recorded with the other
        UUID misspelt = feed.publish(Events.office("LK", "prime-minister", "Karim Massimov", "2014-04-02"));
        feed.publish(Events.retraction(misspelt.toString(), "2026-12-06"), "geo.politics.v1", "LK");
        feed.publish(Events.office("LK", "prime-minister", "Karim Masimov", "Karim Massimov", "2014-04-02"));
        feed.publish(Events.office("LK", "president", "Nursultan Nazarbayev", "1991-12-16"));
        eventually(() -> given().queryParam("asOf", "2015").get("/actors/LK/officeholders").then().statusCode(200)
                .body("items.person", contains("Nursultan Nazarbayev", "Karim Masimov")));

        for (String spelling : new String[]{"Masimov", "Massimov", "KARIM massimov", "karim-masimov", "Másimov"}) {
            given().queryParam("asOf", "2015").queryParam("person", spelling).get("/actors/LK/officeholders").then().statusCode(200)
                    .body("items.person", contains("Karim Masimov")).body("items[0].office", equalTo("prime-minister"))
                    .body("items[0].alsoSpelled", contains("Karim Massimov"));
        }
        // as known now, the periods are derived from the terms recorded by then: the other spelling is carried there too
        given().queryParam("asOf", "2015").queryParam("person", "massimov").queryParam("knownAt", Instant.now().toString())
                .get("/actors/LK/officeholders").then().statusCode(200)
                .body("items.person", contains("Karim Masimov")).body("items[0].alsoSpelled", contains("Karim Massimov"));
        given().queryParam("asOf", "2015").queryParam("person", "Tokayev").get("/actors/LK/officeholders").then().statusCode(200)
                .body("items", empty());
        // whole words only: part of a word is not a name
        given().queryParam("asOf", "2015").queryParam("person", "Masim").get("/actors/LK/officeholders").then().statusCode(200)
                .body("items", empty());
        given().queryParam("asOf", "2015").queryParam("person", "Nazarbayev").get("/actors/LK/officeholders").then().statusCode(200)
                .body("items.person", contains("Nursultan Nazarbayev")).body("items[0].alsoSpelled", empty());
    }

    @Test
    void anElectionIsFoundByAResultsNameOrItsOtherSpellingAndLatestCountsOnlyThoseFound() {
        feed.publish(Events.presidentialElection("MU", "2015-04-26", """
                {"name":"Nursultan Nazarbayev","elected":true},{"name":"Turgun Syzdykov","elected":false}"""));
        feed.publish(Events.presidentialElection("MU", "2019-06-09", """
                {"name":"Kasym-Dschomart Tokayev","alsoSpelled":["Kassym-Jomart Tokayev"],"elected":true},\
                {"name":"Amirzhan Kosanov","elected":false}"""));
        eventually(() -> given().queryParam("country", "MU").get("/elections").then().statusCode(200)
                .body("items.heldOn", contains("2015-04-26", "2019-06-09")));

        for (String spelling : new String[]{"Kassym-Jomart", "kasym dschomart tokayev", "TOKAYEV"}) {
            given().queryParam("country", "MU").queryParam("person", spelling).get("/elections").then().statusCode(200)
                    .body("items.heldOn", contains("2019-06-09"))
                    .body("items[0].results[0].alsoSpelled", contains("Kassym-Jomart Tokayev"));
        }
        given().queryParam("country", "MU").queryParam("person", "Masimov").get("/elections").then().statusCode(200)
                .body("items", empty());
        // the most recent election that names him, not the most recent election
        given().queryParam("country", "MU").queryParam("person", "Nazarbayev").queryParam("latest", 1).get("/elections").then()
                .statusCode(200).body("items.heldOn", contains("2015-04-26"));
        given().queryParam("country", "MU").queryParam("person", "Kassym-Jomart Tokayev").queryParam("knownAt", Instant.now().toString())
                .get("/elections").then().statusCode(200).body("items.heldOn", contains("2019-06-09"));
        // a loser is in the results too
        given().queryParam("country", "MU").queryParam("person", "Kosanov").get("/elections").then().statusCode(200)
                .body("items.heldOn", contains("2019-06-09"));
    }

    @Test
    void aPersonWithNothingToSearchByIsA400NamingTheParameter() {
        for (String path : new String[]{"/actors/KZ/officeholders", "/elections"}) {
            given().queryParam("person", " - ").get(path).then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("errors[0].pointer", equalTo("/query/person"))
                    .body("errors[0].message", containsString("letter or digit"));
            given().queryParam("person", "x".repeat(201)).get(path).then().statusCode(400)
                    .body("errors[0].pointer", equalTo("/query/person"));
        }
    }

    @Test
    void balanceSplitsPositiveWeightByTheCounterpartsBlocs() {
        String id = UUID.randomUUID().toString();
        feed.publish(Events.treaty(id, "2012-05-01", "MN", "RU"));          // russia 8
        feed.publish(Events.visit("MN", "CN", "2013-02-01"));              // china 2.8
        feed.publish(Events.joined("MN", "SCO", "observer", "2013", null)); // 5: china 2.5, russia 2.5
        feed.publish(Events.statement("MN", "US", "critical", "2013-06-01")); // negative: not counted
        double russia = 10.5 / 15.8;
        double china = 5.3 / 15.8;
        double entropy = -(russia * Math.log(russia) + china * Math.log(china)) / Math.log(9);
        eventually(() -> given().queryParam("from", "2010").queryParam("to", "2013").get("/actors/MN/balance").then().statusCode(200)
                .body("shares.russia", near(russia, 0.0001)).body("shares.china", near(china, 0.0001))
                .body("entropy", near(entropy, 0.0001)).body("dominant", equalTo("russia"))
                .body("series.year", contains(2012, 2013)));
        given().queryParam("from", "2013").queryParam("to", "2010").get("/actors/MN/balance").then().statusCode(400)
                .body("errors[0].pointer", equalTo("/query/to"));
    }

    @Test
    void answersCarryAnETagThatGives304UntilTheReadModelMoves() {
        feed.publish(Events.visit("GH", "TG", "2019-04-01"));
        eventually(() -> given().queryParam("asOf", "2020").get("/relations/GH/TG").then().body("counts.'visit.made'", equalTo(1)));
        var first = given().queryParam("asOf", "2020").get("/relations/GH/TG").then().statusCode(200)
                .header("Cache-Control", equalTo("no-cache")).extract();
        String tag = first.header("ETag");
        org.assertj.core.api.Assertions.assertThat(tag).startsWith("W/\"relations_g");
        given().queryParam("asOf", "2020").header("If-None-Match", tag).get("/relations/GH/TG").then().statusCode(304)
                .header("ETag", equalTo(tag));
        given().header("If-None-Match", "W/\"something-else\"").queryParam("asOf", "2020").get("/relations/GH/TG").then().statusCode(200);
        feed.publish(Events.visit("GH", "TG", "2019-05-01"));
        eventually(() -> given().queryParam("asOf", "2020").header("If-None-Match", tag).get("/relations/GH/TG").then().statusCode(200)
                .header("ETag", not(equalTo(tag))).body("counts.'visit.made'", equalTo(2)));
    }

    @Test
    void badParametersAreProblemsNamingThem() {
        given().get("/relations/XQ").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].pointer", equalTo("/path/a"));
        given().queryParam("asOf", "2015-02-30").get("/relations/KZ/RU").then().statusCode(400)
                .body("errors[0].pointer", equalTo("/query/asOf"));
        given().queryParam("halfLifeDays", 0).get("/relations/KZ/RU").then().statusCode(400)
                .body("errors[0].pointer", equalTo("/query/halfLifeDays"));
        given().queryParam("granularity", "week").get("/relations/KZ/RU/series").then().statusCode(400)
                .body("errors[0].pointer", equalTo("/query/granularity"));
        given().get("/treaties/no-such-treaty").then().statusCode(404).contentType("application/problem+json");
        given().get("/actors/KZ").then().statusCode(200).body("kind", equalTo("state"));
        given().get("/actors/SCO").then().statusCode(200).body("blocs.china", equalTo(0.5));
    }
}
