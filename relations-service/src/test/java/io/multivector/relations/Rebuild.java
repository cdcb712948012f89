package io.multivector.relations;

import java.time.Duration;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

/** A zero-downtime rebuild of the relations read model, through its admin API, for tests. */
public final class Rebuild {

    private Rebuild() {
    }

    /** Starts a rebuild and waits until the new generation serves (it has caught up with the topics at its switch). */
    public static void ofRelations() {
        String serving = given().get("/admin/projections").then().extract().path("items.find { it.name == 'relations' }.servingSchema");
        given().post("/admin/projections/relations/rebuild").then().statusCode(202);
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                given().get("/admin/projections").then()
                        .body("items.find { it.name == 'relations' }.rebuildingInto", nullValue())
                        .body("items.find { it.name == 'relations' }.servingSchema", not(equalTo(serving))));
    }
}
