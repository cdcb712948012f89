package io.multivector.relations;

import io.multivector.devstack.DevInfrastructureTestResource;
import io.multivector.projection.config.ProjectionConfig;
import io.multivector.projection.readmodel.KnownAtReads;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/**
 * Answers as known at a past time read whole histories, so an instance computes only a few at once
 * (multivector.projection.known-at-reads); one more is a 503 busy after a short wait, and today's answers are never
 * held back by them.
 */
@QuarkusTest
@WithTestResource(value = DevInfrastructureTestResource.class, initArgs = @ResourceArg(name = "database", value = "relations"))
class KnownAtAdmissionTests {

    @Inject
    KnownAtReads admission;

    @Inject
    ProjectionConfig config;

    @Test
    void answersAsKnownAtATimeAreBoundedAndTodaysAreNot() {
        int places = config.knownAtReads();
        for (int i = 0; i < places; i++) {
            admission.enter(); // as many answers as known at a time as are allowed at once, in progress
        }
        try {
            given().queryParam("knownAt", "2026-01-01").get("/relations/KZ/RU").then().statusCode(503)
                    .contentType("application/problem+json").header("Retry-After", "1")
                    .body("type", equalTo("urn:multivector:problem:busy"));
            given().get("/relations/KZ/RU").then().statusCode(200);
        } finally {
            for (int i = 0; i < places; i++) {
                admission.leave();
            }
        }
        // every place is back, also those of answers that failed (a knownAt in the future is a 400)
        for (int i = 0; i < places + 1; i++) {
            given().queryParam("knownAt", "2999").get("/relations/KZ/RU").then().statusCode(400);
        }
        given().queryParam("knownAt", "2026-01-01").get("/relations/KZ/RU").then().statusCode(200);
    }
}
