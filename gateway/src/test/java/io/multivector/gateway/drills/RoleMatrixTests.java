package io.multivector.gateway.drills;

import io.multivector.devstack.BackendsTestResource;
import io.multivector.platform.security.GatewayCaller;
import io.multivector.platform.security.InternalCredentialFilter;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static io.multivector.gateway.GatewayTestSupport.admin;
import static io.multivector.gateway.GatewayTestSupport.eventually;
import static io.multivector.gateway.GatewayTestSupport.reader;
import static io.multivector.gateway.GatewayTestSupport.writer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 9, drill 2: anonymous, reader, writer and admin against every public endpoint of DESIGN §5,
 * each cell with the status it must get (anonymous reads are on, the default), and every backend
 * called directly, which answers reads, writes and admin calls only with the internal credential.
 */
@QuarkusTest
@WithTestResource(BackendsTestResource.class)
class RoleMatrixTests {

    enum Caller { ANONYMOUS, READER, WRITER, ADMIN }

    private static final String RUN = Long.toString(System.nanoTime(), 36);
    private static final String TREATY = "drill-matrix-" + RUN;
    private static final String ROUTE = "drill-matrix-route-" + RUN;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static String eventId;

    @TestHTTPResource("/")
    URI gateway;

    /** One endpoint: how to call it and the status each caller gets, in {@link Caller} order. */
    record Endpoint(String method, String path, String contentType, Supplier<String> body, int[] expected) {
    }

    /** One cell of the matrix. */
    record Cell(Caller caller, Endpoint endpoint) {
        int expected() {
            return endpoint.expected()[caller.ordinal()];
        }

        @Override
        public String toString() {
            String type = endpoint.contentType() == null ? "" : " (" + endpoint.contentType() + ")";
            return "%-9s × %-4s %s%s → %d".formatted(caller.name().toLowerCase(), endpoint.method(), endpoint.path(), type, expected());
        }
    }

    private static final int[] READ = {200, 200, 200, 200};
    private static final int[] WRITE = {401, 403, 201, 201};

    private static Endpoint get(String path) {
        return new Endpoint("GET", path, null, null, READ);
    }

    private static Endpoint adminOnly(String method, String path, int adminStatus) {
        return new Endpoint(method, path, null, null, new int[]{401, 403, 403, adminStatus});
    }

    static List<Endpoint> endpoints() {
        return List.of(
                new Endpoint("POST", "/api/v1/events", "application/json", RoleMatrixTests::visit, WRITE),
                new Endpoint("POST", "/api/v1/events", "application/cloudevents+json", RoleMatrixTests::visit, WRITE),
                new Endpoint("POST", "/api/v1/events", "application/x-ndjson", () -> visit() + "\n" + visit() + "\n", WRITE),
                get("/api/v1/events?limit=5"),
                get("/api/v1/events/{eventId}"),
                get("/api/v1/events?actor=KZ&type=treaty.signed&from=2010&to=2025&limit=5"),
                get("/api/v1/streams/KZ~RU/events?limit=5"),
                get("/api/v1/actors"),
                get("/api/v1/actors/KZ"),
                get("/api/v1/actors/KZ/memberships?asOf=2020"),
                get("/api/v1/actors/KZ/officeholders?asOf=2020"),
                get("/api/v1/actors/KZ/balance?from=2010&to=2020"),
                get("/api/v1/organizations/SCO/members?asOf=2020"),
                get("/api/v1/relations/KZ?asOf=2020&limit=5"),
                get("/api/v1/relations/KZ/RU?asOf=2020"),
                get("/api/v1/relations/KZ/RU/series?from=2010&to=2020&granularity=year"),
                get("/api/v1/treaties?party=KZ"),
                get("/api/v1/treaties/" + TREATY),
                get("/api/v1/elections?country=KZ"),
                get("/api/v1/trade/flows?reporter=KZ"),
                get("/api/v1/trade/partners/KZ?year=2021"),
                get("/api/v1/trade/routes"),
                get("/api/v1/trade/routes/" + ROUTE),
                get("/api/v1/trade/exports/KZ/routes?commodity=2709"),
                get("/api/v1/trade/shipments?limit=5"),
                get("/api/v1/countries/KZ/profile?asOf=2023"),
                get("/api/v1/stream?actor=KZ"),
                adminOnly("GET", "/api/v1/admin/projections", 200),
                adminOnly("GET", "/api/v1/admin/projections/relations/checksum", 200),
                adminOnly("GET", "/api/v1/admin/projections/trade/checksum", 200),
                adminOnly("GET", "/api/v1/admin/dead-letters", 200),
                adminOnly("POST", "/api/v1/admin/dead-letters/trade-999999999/retry", 404),
                adminOnly("POST", "/api/v1/admin/dead-letters/relations-999999999/retry", 404),
                // an admin starts each rebuild once; the cell waits until it has finished
                adminOnly("POST", "/api/v1/admin/projections/relations/rebuild", 202),
                adminOnly("POST", "/api/v1/admin/projections/trade/rebuild", 202));
    }

    static Stream<Cell> matrix() {
        List<Cell> cells = new ArrayList<>();
        for (Endpoint e : endpoints()) {
            for (Caller c : Caller.values()) {
                cells.add(new Cell(c, e));
            }
        }
        return cells.stream();
    }

    static String visit() {
        return """
                {"id":"%s","type":"visit.made","data":{"occurredOn":"2020-02-02","visitor":"Matrix envoy %s","visitorActor":"KZ",\
                "host":"RU","sources":[{"ref":"drill"}]}}""".formatted(UUID.randomUUID(), UUID.randomUUID());
    }

    /** What the read cells look up: an event, a treaty and a route, stored once and projected. */
    @BeforeEach
    void somethingToRead() {
        synchronized (RoleMatrixTests.class) {
            if (eventId != null) {
                return;
            }
            writer().contentType("application/json").body("""
                    {"type":"treaty.signed","data":{"occurredOn":"2019-06-01","treatyId":"%s","title":"Matrix accord","kind":"trade",\
                    "parties":["KZ","RU"],"sources":[{"ref":"drill"}]}}""".formatted(TREATY)).post("/api/v1/events").then().statusCode(201);
            String id = writer().contentType("application/json").body("""
                    {"type":"route.registered","data":{"occurredOn":"2019","routeId":"%s","name":"Matrix line","kind":"rail",\
                    "origin":"KZ","transit":["RU"],"status":"planned","sources":[{"ref":"drill"}]}}""".formatted(ROUTE))
                    .post("/api/v1/events").then().statusCode(201).extract().path("id");
            eventually(() -> reader().get("/api/v1/treaties/" + TREATY).then().statusCode(200));
            eventually(() -> reader().get("/api/v1/trade/routes/" + ROUTE).then().statusCode(200));
            eventId = id;
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("matrix")
    void eachCallerGetsWhatItsRoleAllows(Cell cell) throws Exception {
        Endpoint e = cell.endpoint();
        String path = e.path().replace("{eventId}", eventId);
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(gateway.toString().replaceAll("/$", "") + path))
                .timeout(Duration.ofSeconds(60));
        switch (cell.caller()) {
            case ANONYMOUS -> {
            }
            case READER -> b.header("Authorization", "Bearer " + BackendsTestResource.keys().reader());
            case WRITER -> b.header("Authorization", "Bearer " + BackendsTestResource.keys().writer());
            case ADMIN -> b.header("Authorization", "Bearer " + BackendsTestResource.keys().admin());
        }
        if (e.contentType() != null) {
            b.header("Content-Type", e.contentType());
        }
        b.method(e.method(), e.body() == null ? (e.method().equals("POST") ? HttpRequest.BodyPublishers.ofString("")
                : HttpRequest.BodyPublishers.noBody()) : HttpRequest.BodyPublishers.ofString(e.body().get()));
        HttpResponse<InputStream> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        String body;
        try (InputStream in = r.body()) {
            // a live stream never ends: its status and type are the answer
            body = r.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream") ? ""
                    : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(r.statusCode()).as("%s: %s", cell, body).isEqualTo(cell.expected());
        if (r.statusCode() >= 400) {
            assertThat(r.headers().firstValue("Content-Type")).as(cell.toString()).hasValueSatisfying(t -> assertThat(t)
                    .startsWith("application/problem+json"));
        }
        if (path.endsWith("/stream?actor=KZ")) {
            assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
        }
        if (path.endsWith("/rebuild") && r.statusCode() == 202) {
            String name = path.split("/")[5];
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(() -> {
                JsonPath status = admin().get("/api/v1/admin/projections").then().statusCode(200).extract().jsonPath();
                List<String> rebuilding = status.getList("items.findAll { it.name == '%s' }.rebuildingInto".formatted(name));
                return rebuilding.size() == 1 && rebuilding.getFirst() == null;
            });
        }
    }

    /** GET /events/{id} as one caller, with extra headers. */
    private HttpResponse<String> storedEvent(String id, String key, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(gateway.toString().replaceAll("/$", "") + "/api/v1/events/" + id))
                .timeout(Duration.ofSeconds(60));
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        if (headers.length > 0) {
            b.headers(headers);
        }
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r;
    }

    private static void saysNothingOfWhoWroteIt(HttpResponse<String> r) {
        assertThat(r.headers().firstValue(GatewayCaller.RECORDED_BY)).isEmpty();
        assertThat(r.headers().firstValue(GatewayCaller.RECORDED_REQUEST_ID)).isEmpty();
    }

    @org.junit.jupiter.api.Test
    void whoWroteAnEventIsShownToAdminsOnlyAndNoClientCanClaimIt() throws Exception {
        String requestId = "matrix-provenance-" + RUN;
        // a writer who claims to be someone else, and an admin, in the headers the gateway sets for backends
        HttpResponse<String> posted = HTTP.send(HttpRequest.newBuilder(URI.create(gateway.toString().replaceAll("/$", "") + "/api/v1/events"))
                .timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + BackendsTestResource.keys().writer())
                .header("Content-Type", "application/json").header("X-Request-Id", requestId)
                .header(GatewayCaller.KEY_NAME, "dev-admin").header(GatewayCaller.ROLE.toLowerCase(java.util.Locale.ROOT), "admin")
                .POST(HttpRequest.BodyPublishers.ofString(visit())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(201);
        String id = JsonPath.from(posted.body()).getString("id");

        HttpResponse<String> asAdmin = storedEvent(id, BackendsTestResource.keys().admin());
        assertThat(asAdmin.headers().firstValue(GatewayCaller.RECORDED_BY)).hasValue("dev-writer"); // the name, not the key, not the claim
        assertThat(asAdmin.headers().firstValue(GatewayCaller.RECORDED_REQUEST_ID)).hasValue(requestId);
        // the event itself is the one everybody reads, as it was published
        HttpResponse<String> asReader = storedEvent(id, BackendsTestResource.keys().reader());
        assertThat(asAdmin.body()).isEqualTo(asReader.body());
        assertThat(JsonPath.from(asAdmin.body()).getString("type")).isEqualTo("visit.made");
        assertThat(asAdmin.body() + asAdmin.headers().map()).doesNotContain(BackendsTestResource.keys().writer());

        saysNothingOfWhoWroteIt(asReader);
        saysNothingOfWhoWroteIt(storedEvent(id, null));
        saysNothingOfWhoWroteIt(storedEvent(id, BackendsTestResource.keys().writer()));
        // a reader cannot claim the admin role either, in either spelling
        saysNothingOfWhoWroteIt(storedEvent(id, BackendsTestResource.keys().reader(), GatewayCaller.ROLE, "admin"));
        saysNothingOfWhoWroteIt(storedEvent(id, null, GatewayCaller.ROLE.toLowerCase(java.util.Locale.ROOT), "admin"));
    }

    /** A backend's guarded call, made directly: refused without the internal credential, served with it. */
    record Direct(String backend, String method, String path, Supplier<String> body, int withCredential) {
        @Override
        public String toString() {
            return "%s %s %s: 403 without the internal credential, %d with it".formatted(backend, method, path, withCredential);
        }
    }

    static Stream<Direct> direct() {
        return Stream.of(
                new Direct("ingest-service", "POST", "/events", RoleMatrixTests::visit, 201),
                new Direct("ingest-service", "GET", "/events?limit=1", null, 200),
                new Direct("ingest-service", "GET", "/streams/KZ/events", null, 200),
                new Direct("relations-service", "GET", "/relations/KZ/RU", null, 200),
                new Direct("relations-service", "GET", "/relations/KZ?limit=3", null, 200),
                new Direct("relations-service", "GET", "/actors/KZ/memberships", null, 200),
                new Direct("relations-service", "GET", "/treaties", null, 200),
                new Direct("relations-service", "GET", "/countries/KZ/relations-part", null, 200),
                new Direct("trade-service", "GET", "/trade/routes", null, 200),
                new Direct("trade-service", "GET", "/trade/flows?reporter=KZ", null, 200),
                new Direct("trade-service", "GET", "/countries/KZ/trade-part", null, 200),
                new Direct("relations-service", "GET", "/admin/projections", null, 200),
                new Direct("relations-service", "GET", "/admin/projections/relations/checksum", null, 200),
                new Direct("relations-service", "GET", "/admin/dead-letters", null, 200),
                new Direct("relations-service", "POST", "/admin/dead-letters/relations-999999999/retry", null, 404),
                new Direct("trade-service", "GET", "/admin/projections", null, 200),
                new Direct("trade-service", "GET", "/admin/projections/trade/checksum", null, 200),
                new Direct("trade-service", "GET", "/admin/dead-letters", null, 200),
                new Direct("trade-service", "POST", "/admin/dead-letters/trade-999999999/retry", null, 404));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("direct")
    void aBackendCalledDirectlyNeedsTheInternalCredential(Direct d) throws Exception {
        String url = BackendsTestResource.backend(d.backend()).url() + d.path();
        assertThat(call(url, d, null).statusCode()).as("without: %s", d).isEqualTo(403);
        assertThat(call(url, d, "wrong-" + BackendsTestResource.keys().internalCredential()).statusCode()).as("wrong: %s", d).isEqualTo(403);
        HttpResponse<String> with = call(url, d, BackendsTestResource.keys().internalCredential());
        assertThat(with.statusCode()).as("with: %s: %s", d, with.body()).isEqualTo(d.withCredential());
    }

    private static HttpResponse<String> call(String url, Direct d, String credential) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60));
        if (credential != null) {
            b.header(InternalCredentialFilter.HEADER, credential);
        }
        if (d.body() != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(d.method(), d.body() == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(d.body().get()));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
