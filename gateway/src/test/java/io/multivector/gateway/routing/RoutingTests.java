package io.multivector.gateway.routing;

import io.multivector.devstack.BackendsTestResource;
import io.multivector.gateway.openapi.service.PublicApiExport;
import io.multivector.platform.security.InternalCredentialFilter;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

import static io.multivector.gateway.GatewayTestSupport.admin;
import static io.multivector.gateway.GatewayTestSupport.eventually;
import static io.multivector.gateway.GatewayTestSupport.reader;
import static io.multivector.gateway.GatewayTestSupport.writer;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

/** The public API routed to the real backends (their own JVMs, real broker and database). */
@QuarkusTest
@WithTestResource(BackendsTestResource.class)
class RoutingTests {

    static String treaty(String id, String a, String b, String on) {
        return """
                {"type":"treaty.signed","data":{"occurredOn":"%s","treatyId":"%s","title":"Test accord %s","kind":"trade",\
                "parties":["%s","%s"],"sources":[{"ref":"test"}]}}""".formatted(on, id, id, a, b);
    }

    @Test
    void aWriteGoesToTheStoreAndComesBackThroughTheReadModel() {
        String treatyId = "gw-" + UUID.randomUUID();
        String location = writer().contentType("application/json").header("X-Request-Id", "req-gw-1")
                .body(treaty(treatyId, "BR", "AR", "2020-05-01"))
                .post("/api/v1/events").then().statusCode(201)
                .header("X-Request-Id", "req-gw-1")
                .header("Location", containsString("/api/v1/events/"))
                .body("topic", equalTo("geo.diplomacy.v1")).body("sequence", notNullValue())
                .extract().header("Location");
        reader().get(URI.create(location).getPath()).then().statusCode(200).body("data.treatyId", equalTo(treatyId));
        eventually(() -> reader().get("/api/v1/treaties/" + treatyId).then().statusCode(200)
                .body("parties", hasItem("BR")).body("signedOn", equalTo("2020-05-01")));
        eventually(() -> reader().queryParam("asOf", "2021").get("/api/v1/relations/AR/BR").then().statusCode(200)
                .body("counts.'treaty.signed'", equalTo(1)));
        // the read model's ETag comes through, and asking with it again is a 304 from the backend, passed on
        String tag = reader().queryParam("asOf", "2021").get("/api/v1/relations/AR/BR").then().statusCode(200)
                .header("Cache-Control", equalTo("no-cache")).extract().header("ETag");
        assertThat(tag).startsWith("W/\"relations_g");
        reader().queryParam("asOf", "2021").header("If-None-Match", tag).get("/api/v1/relations/AR/BR").then().statusCode(304)
                .header("ETag", equalTo(tag));
        // and whether the backend answered from the answers it keeps (RFC 9211)
        eventually(() -> {
            reader().queryParam("asOf", "2022").get("/api/v1/relations/AR/BR").then().statusCode(200);
            reader().queryParam("asOf", "2022").get("/api/v1/relations/AR/BR").then().statusCode(200)
                    .header("Cache-Status", equalTo("multivector; hit"));
        });
    }

    @Test
    void problemsAndPagingPassThroughUnchanged() {
        writer().contentType("application/json").body("{\"type\":\"treaty.signed\",\"data\":{}}")
                .post("/api/v1/events").then().statusCode(400).contentType("application/problem+json")
                .body("errors.pointer", hasItem("/data/treatyId"));
        reader().queryParam("limit", 501).get("/api/v1/events").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].pointer", equalTo("/query/limit"));
        reader().get("/api/v1/relations/XX/YY").then().statusCode(400).contentType("application/problem+json");
        reader().get("/api/v1/nowhere").then().statusCode(404).contentType("application/problem+json")
                .body("detail", containsString("/api/v1/nowhere"));
        reader().queryParam("limit", 1).get("/api/v1/trade/routes").then().statusCode(200).body("$", hasKey("items"));
    }

    @Test
    void everyAnswerCarriesARequestId() {
        reader().get("/api/v1/actors/KZ").then().statusCode(200)
                .header("X-Request-Id", matchesPattern("[0-9a-f-]{36}")).body("code", equalTo("KZ"));
    }

    @Test
    void adminListsSpanBothProjectionsAndRoutesByName() {
        admin().get("/api/v1/admin/projections").then().statusCode(200).body("items.name", hasItems("relations", "trade"));
        admin().get("/api/v1/admin/projections/trade/checksum").then().statusCode(200).body("name", equalTo("trade"));
        admin().get("/api/v1/admin/dead-letters").then().statusCode(200).body("items", notNullValue());
        admin().post("/api/v1/admin/dead-letters/trade-999999999/retry").then().statusCode(404)
                .contentType("application/problem+json");
        admin().get("/api/v1/admin/projections/nothing/checksum").then().statusCode(404);
    }

    @Test
    void aBackendCalledDirectlyAnswersNothingWithoutTheInternalCredential() throws Exception {
        String ingest = BackendsTestResource.backend("ingest-service").url();
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(ingest + "/events"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(treaty("direct-" + UUID.randomUUID(), "BR", "AR", "2020-01-01"))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).contains(InternalCredentialFilter.HEADER);
        HttpResponse<String> read = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(ingest + "/events?limit=1")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(read.statusCode()).isEqualTo(403); // a read too: it would bypass the gateway's keys and rate limits
        HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(ingest + "/q/health/ready")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        String relations = BackendsTestResource.backend("relations-service").url();
        HttpResponse<String> rebuild = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(relations + "/admin/projections"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(rebuild.statusCode()).isEqualTo(403);
    }

    @Test
    void aBackendThatIsDownIsA503NamingItAndTheProfileDegrades() throws Exception {
        BackendsTestResource.backend("trade-service").close();
        try {
            reader().get("/api/v1/trade/routes").then().statusCode(503).contentType("application/problem+json")
                    .header("Retry-After", notNullValue()).body("detail", containsString("'trade'"));
            reader().queryParam("asOf", "2023").get("/api/v1/countries/KZ/profile").then().statusCode(200)
                    .body("degraded", equalTo(java.util.List.of("trade"))).body("code", equalTo("KZ"))
                    .body("name", equalTo("Kazakhstan")).body("crudeOilExposure", equalTo(null));
        } finally {
            BackendsTestResource.restart("trade-service");
        }
        eventually(() -> reader().get("/api/v1/trade/routes").then().statusCode(200));
        reader().queryParam("asOf", "2023").get("/api/v1/countries/KZ/profile").then().statusCode(200)
                .body("degraded", equalTo(java.util.List.of()));
        reader().get("/api/v1/countries/QQ/profile").then().statusCode(404).contentType("application/problem+json");
        given().get("/api/v1/countries/KZ/profile?asOf=2015-02-30").then().statusCode(400)
                .body("errors[0].pointer", equalTo("/query/asOf"));
    }

    /** Generated clients are made from the build's export (clients/java): it must be the document the gateway serves. */
    @Test
    void theBuildExportsTheDocumentTheGatewayServes() throws java.io.IOException {
        awaitEveryBackendsDocument();
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.JsonNode served = json.readTree(given().get("/q/openapi").then().statusCode(200).extract().asString());
        assertThat(PublicApiExport.fromStored(java.nio.file.Path.of("..").toAbsolutePath().normalize(), json)).isEqualTo(served);
    }

    /** Every path of DESIGN §5, as the aggregated document must list it. */
    static final java.util.List<String> DESIGN_PATHS = java.util.List.of(
            "/api/v1/events", "/api/v1/events/{id}", "/api/v1/streams/{stream}/events",
            "/api/v1/actors", "/api/v1/actors/{code}", "/api/v1/actors/{code}/memberships",
            "/api/v1/organizations/{code}/members", "/api/v1/actors/{code}/officeholders", "/api/v1/actors/{code}/balance",
            "/api/v1/relations/{a}", "/api/v1/relations/{a}/{b}", "/api/v1/relations/{a}/{b}/series",
            "/api/v1/treaties", "/api/v1/treaties/{treatyId}", "/api/v1/elections",
            "/api/v1/trade/flows", "/api/v1/trade/partners/{reporter}", "/api/v1/trade/routes", "/api/v1/trade/routes/{routeId}",
            "/api/v1/trade/exports/{exporter}/routes", "/api/v1/trade/shipments",
            "/api/v1/countries/{code}/profile", "/api/v1/stream",
            "/api/v1/admin/projections/{name}/rebuild", "/api/v1/admin/projections", "/api/v1/admin/projections/{name}/checksum",
            "/api/v1/admin/dead-letters", "/api/v1/admin/dead-letters/{id}/retry");

    /** A test before may have stopped a backend: its circuit breaker stays open a while after it is back. */
    static void awaitEveryBackendsDocument() {
        eventually(() -> given().get("/q/openapi").then().statusCode(200).body("$", org.hamcrest.Matchers.not(hasKey("x-multivector-missing"))));
    }

    @Test
    void theDocumentsDescribeEveryPublicPath() throws java.io.IOException {
        awaitEveryBackendsDocument();
        io.restassured.path.json.JsonPath doc = given().get("/q/openapi").then().statusCode(200)
                .body("openapi", startsWith("3."))
                .body("components.schemas", hasKey("Dyad")).body("components.schemas", hasKey("Exposure"))
                .body("components.securitySchemes", hasKey("bearer"))
                .extract().jsonPath();
        java.util.Map<String, Object> paths = doc.getMap("paths");
        assertThat(paths.keySet()).containsAll(DESIGN_PATHS);
        assertThat(doc.getString("paths.'/api/v1/events'.post.summary")).isNotBlank();
        // every operation is named for generated clients: a camelCase operationId, once in the whole document
        // and documents its error answers as problems of one schema: the gateway's own (401, 403, 429, 503) on every one
        java.util.List<String> operationIds = new java.util.ArrayList<>();
        paths.forEach((path, item) -> ((java.util.Map<?, ?>) item).forEach((method, operation) -> {
            if (operation instanceof java.util.Map<?, ?> op && java.util.Set.of("get", "post", "put", "delete", "patch").contains(method)) {
                assertThat(op.get("operationId")).as(method + " " + path).isInstanceOf(String.class);
                operationIds.add((String) op.get("operationId"));
                @SuppressWarnings("unchecked") java.util.Map<String, ?> responses = (java.util.Map<String, ?>) op.get("responses");
                assertThat(responses.keySet()).as(method + " " + path).contains("401", "403", "429", "503");
                if (path.contains("{")) {
                    assertThat(responses.keySet()).as(method + " " + path).contains("404");
                }
                responses.forEach((status, answer) -> {
                    if (status.matches("[45]..")) {
                        assertThat(doc.getString("paths.'" + path + "'." + method + ".responses.'" + status
                                + "'.content.'application/problem+json'.schema.'$ref'")).as(method + " " + path + " " + status)
                                .isEqualTo("#/components/schemas/Problem");
                    }
                });
            }
        }));
        assertThat(doc.getMap("components.schemas.Problem.properties")).containsKeys("type", "title", "status", "detail", "errors");
        assertThat(doc.getString("paths.'/api/v1/trade/routes/{routeId}'.get.responses.'429'.headers.'Retry-After'.schema.type"))
                .isEqualTo("integer");
        assertThat(operationIds).hasSizeGreaterThanOrEqualTo(DESIGN_PATHS.size()).doesNotHaveDuplicates()
                .allSatisfy(id -> assertThat(id).matches("[a-z][a-zA-Z]*"));
        assertThat(doc.getString("paths.'/api/v1/relations/{a}/{b}'.get.operationId")).isEqualTo("getDyad");
        // for .ci/run, which lints it with Redocly's recommended rules
        java.nio.file.Files.writeString(java.nio.file.Path.of("target", "openapi.json"), doc.prettify());
        assertThat(doc.getString("paths.'/api/v1/countries/{code}/profile'.get.summary")).isNotBlank();
        given().get("/q/asyncapi").then().statusCode(200).body("asyncapi", equalTo(io.multivector.events.asyncapi.AsyncApiDocument.ASYNCAPI_VERSION))
                .body("channels.diplomacy.address", equalTo("geo.diplomacy.v1"));
        given().get("/q/swagger-ui/").then().statusCode(200);
    }
}
