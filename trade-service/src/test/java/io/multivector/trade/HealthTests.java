package io.multivector.trade;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/** The service starts and reports itself healthy; its read model and API are still to come. */
@QuarkusTest
class HealthTests {

    @Test
    void startsAndAnswersHealth() {
        given().when().get("/q/health").then().statusCode(200).body("status", equalTo("UP"));
    }
}
