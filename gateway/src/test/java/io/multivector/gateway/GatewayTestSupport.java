package io.multivector.gateway;

import io.multivector.devstack.BackendsTestResource;
import io.restassured.RestAssured;
import io.restassured.config.JsonConfig;
import io.restassured.path.json.config.JsonPathConfig;
import io.restassured.specification.RequestSpecification;

import java.time.Duration;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

/** What the gateway's tests share: keys as callers present them, and waiting for the read models. */
public final class GatewayTestSupport {

    static {
        RestAssured.config = RestAssured.config().jsonConfig(JsonConfig.jsonConfig().numberReturnType(JsonPathConfig.NumberReturnType.DOUBLE));
    }

    private GatewayTestSupport() {
    }

    public static RequestSpecification as(String key) {
        return given().header("Authorization", "Bearer " + key);
    }

    public static RequestSpecification reader() {
        return as(BackendsTestResource.keys().reader());
    }

    public static RequestSpecification writer() {
        return as(BackendsTestResource.keys().writer());
    }

    public static RequestSpecification admin() {
        return as(BackendsTestResource.keys().admin());
    }

    public static void eventually(Runnable assertion) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(assertion::run);
    }
}
