package io.multivector.gateway.security;

import io.multivector.devstack.BackendsTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.multivector.gateway.GatewayTestSupport.admin;
import static io.multivector.gateway.GatewayTestSupport.as;
import static io.multivector.gateway.GatewayTestSupport.reader;
import static io.multivector.gateway.GatewayTestSupport.writer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

/** Keys, roles, limits: 401 for who we do not know, 403 for what a known key may not do. */
@QuarkusTest
@WithTestResource(BackendsTestResource.class)
class AccessTests {

    private static final String EVENT = """
            {"type":"visit.made","data":{"occurredOn":"2020-02-02","visitor":"A minister","visitorActor":"AR","host":"CL","sources":[{"ref":"test"}]}}""";

    @Test
    void anonymousCallersMayReadButNeverWriteOrAdminister() {
        given().get("/api/v1/actors/KZ").then().statusCode(200);
        given().contentType("application/json").body(EVENT).post("/api/v1/events").then().statusCode(401)
                .contentType("application/problem+json").header("WWW-Authenticate", containsString("Bearer"));
        given().get("/api/v1/admin/projections").then().statusCode(401);
    }

    @Test
    void aKeyWeDoNotKnowIsRefusedEvenForReads() {
        as("not-a-key").get("/api/v1/actors/KZ").then().statusCode(401).contentType("application/problem+json")
                .body("detail", containsString("not known"));
        given().header("Authorization", "Basic dXNlcjpwYXNz").get("/api/v1/actors/KZ").then().statusCode(401);
    }

    @Test
    void rolesDecideWritesAndAdmin() {
        reader().contentType("application/json").body(EVENT).post("/api/v1/events").then().statusCode(403)
                .contentType("application/problem+json").body("detail", containsString("writer"));
        writer().get("/api/v1/admin/projections").then().statusCode(403);
        writer().contentType("application/json").body(EVENT).post("/api/v1/events").then().statusCode(201);
        given().header("X-Api-Key", BackendsTestResource.keys().writer()).contentType("application/json").body(EVENT)
                .post("/api/v1/events").then().statusCode(201); // X-Api-Key works as well as Bearer
        admin().get("/api/v1/admin/projections").then().statusCode(200);
        admin().contentType("application/json").body(EVENT).post("/api/v1/events").then().statusCode(201); // admin includes writer
    }

    @Test
    void aKeyOverItsRateIsToldWhenToComeBack() {
        as(BackendsTestResource.SLOW_KEY).get("/api/v1/actors/KZ").then().statusCode(200);
        as(BackendsTestResource.SLOW_KEY).get("/api/v1/actors/KZ").then().statusCode(429)
                .contentType("application/problem+json").header("Retry-After", notNullValue());
    }

    @Test
    void aBodyOverTheLimitIsRefusedBeforeAnyBackendSeesIt() {
        byte[] big = new byte[(int) BackendsTestResource.MAX_BODY_BYTES + 1];
        java.util.Arrays.fill(big, (byte) ' ');
        writer().contentType("application/x-ndjson").body(big).post("/api/v1/events").then().statusCode(413)
                .contentType("application/problem+json").body("status", equalTo(413));
    }
}
