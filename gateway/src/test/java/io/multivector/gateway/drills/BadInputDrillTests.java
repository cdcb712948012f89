package io.multivector.gateway.drills;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.multivector.devstack.BackendsTestResource;
import io.multivector.devstack.DevInfrastructure;
import io.multivector.devstack.EmbeddedDatabase;
import io.multivector.events.EventCodec;
import io.multivector.platform.security.InternalCredentialFilter;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 9, drill 1: every malformed or hostile request of {@code drills/bad-requests.ndjson} is
 * refused with a 4xx problem (never a 5xx, never a 2xx), validation failures name the field, and
 * the event store holds exactly as many rows after the whole corpus as before it.
 * <p>
 * The gateway runs here with its production body limit (16 MiB) rather than the tests' small one,
 * so that a batch of 10,000 real events reaches the validation it is meant to exercise.
 */
@QuarkusTest
@WithTestResource(BackendsTestResource.class)
@TestProfile(BadInputDrillTests.ProductionBodyLimit.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BadInputDrillTests {

    public static class ProductionBodyLimit implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("multivector.gateway.max-body-bytes", Long.toString(PRODUCTION_BODY_LIMIT));
        }
    }

    static final long PRODUCTION_BODY_LIMIT = 16L * 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CORPUS = "drills/bad-requests.ndjson";
    /** Tags the ids of generated events so that, were one stored by mistake, it could be found. */
    private static final String RUN = Long.toString(System.nanoTime(), 36);
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static Long rowsBefore;
    private static int sent;
    private static int sentDirect;

    @TestHTTPResource("/")
    URI gateway;

    /** One line of the corpus. */
    record BadRequest(String name, String method, String path, String contentType, Map<String, String> headers, String body,
                      String generator, Integer status, String pointer, String key) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<BadRequest> corpus() {
        return load().stream();
    }

    static List<BadRequest> load() {
        try (InputStream in = BadInputDrillTests.class.getClassLoader().getResourceAsStream(CORPUS)) {
            assertThat(in).as(CORPUS).isNotNull();
            List<BadRequest> out = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) {
                    out.add(JSON.readValue(line, BadRequest.class));
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    @Order(1)
    void theCorpusIsLargeAndItsNamesAreDistinct() throws SQLException {
        List<BadRequest> all = load();
        assertThat(all).hasSizeGreaterThanOrEqualTo(200);
        Set<String> names = new HashSet<>();
        for (BadRequest r : all) {
            assertThat(names.add(r.name())).as("duplicate name %s", r.name()).isTrue();
            assertThat(r.body() != null || r.generator() != null || "GET".equals(r.method())).as(r.name()).isTrue();
        }
        assertThat(ConfigProvider.getConfig().getValue("multivector.gateway.max-body-bytes", Long.class))
                .isEqualTo(PRODUCTION_BODY_LIMIT);
        rowsBefore = storedRows();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("corpus")
    @Order(2)
    void isRefusedWithAProblem(BadRequest r) throws Exception {
        Answer a = send(r);
        sent++;
        String where = r.method() + " " + clip(r.path()) + " -> " + a.status() + " " + clip(a.body());
        assertThat(a.status()).as("4xx, never 2xx or 5xx: %s", where).isBetween(400, 499);
        if (r.status() != null) {
            assertThat(a.status()).as(where).isEqualTo(r.status());
        }
        assertThat(a.contentType()).as(where).startsWith("application/problem+json");
        JsonNode problem = JSON.readTree(a.body());
        for (String field : List.of("type", "title", "status", "detail")) {
            assertThat(problem.hasNonNull(field)).as("problem has %s: %s", field, where).isTrue();
        }
        assertThat(problem.path("status").asInt()).as(where).isEqualTo(a.status());
        if (a.status() == 400 && problem.path("type").asText().endsWith(":validation")) {
            assertThat(problem.path("errors").isArray() && !problem.path("errors").isEmpty()).as("errors[]: %s", where).isTrue();
            problem.path("errors").forEach(e -> assertThat(e.hasNonNull("pointer")).as(where).isTrue());
        }
        if (r.pointer() != null) {
            List<String> pointers = new ArrayList<>();
            problem.path("errors").forEach(e -> pointers.add(e.path("pointer").asText()));
            assertThat(pointers).as("errors[].pointer: %s", where).contains(r.pointer());
        }
    }

    /** The backend a public path goes to (its path there is the same without /api/v1), or null for the gateway's own paths. */
    static String backendOf(String path) {
        String p = path.replaceFirst("^/api/v1", "");
        if (p.startsWith("/events") || p.startsWith("/streams")) {
            return "ingest-service";
        }
        if (p.startsWith("/trade")) {
            return "trade-service";
        }
        if (p.matches("^/(relations|actors|organizations|treaties|elections)([/?].*)?$")) {
            return "relations-service";
        }
        return null;
    }

    static Stream<BadRequest> corpusForBackends() {
        return load().stream().filter(r -> backendOf(r.path()) != null);
    }

    /** Issue 16: the same hostile requests sent straight to the backend, around the gateway, with a valid API key but no internal credential. */
    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("corpusForBackends")
    @Order(2)
    void isRefusedByItsBackendCalledDirectly(BadRequest r) throws Exception {
        String backend = BackendsTestResource.backend(backendOf(r.path())).url();
        Answer a = send(r, backend + r.path().replaceFirst("^/api/v1", ""));
        sentDirect++;
        String where = "direct " + r.method() + " " + clip(r.path()) + " -> " + a.status() + " " + clip(a.body());
        assertThat(a.status()).as(where).isEqualTo(403);
        assertThat(a.contentType()).as(where).startsWith("application/problem+json");
        assertThat(JSON.readTree(a.body()).path("detail").asText()).as(where).contains(InternalCredentialFilter.HEADER);
    }

    @Test
    @Order(3)
    void theStoreHoldsNotOneRowMore() throws SQLException {
        assertThat(sentDirect).as("requests sent around the gateway").isEqualTo(corpusForBackends().count()).isGreaterThan(100);
        assertThat(rowsBefore).as("counted before the corpus").isNotNull();
        assertThat(sent).as("requests sent").isEqualTo(load().size());
        assertThat(storedRows()).isEqualTo(rowsBefore);
    }

    private record Answer(int status, String contentType, String body) {
    }

    private Answer send(BadRequest r) throws IOException, InterruptedException {
        return send(r, gateway.toString().replaceAll("/$", "") + r.path());
    }

    private Answer send(BadRequest r, String url) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(120));
        String key = switch (r.key() == null ? ("GET".equals(r.method()) ? "reader" : "writer") : r.key()) {
            case "reader" -> BackendsTestResource.keys().reader();
            case "writer" -> BackendsTestResource.keys().writer();
            case "admin" -> BackendsTestResource.keys().admin();
            default -> throw new IllegalArgumentException(r.key());
        };
        b.header("Authorization", "Bearer " + key);
        if (r.contentType() != null) {
            b.header("Content-Type", r.contentType());
        }
        if (r.headers() != null) {
            r.headers().forEach(b::header);
        }
        if ("GET".equals(r.method())) {
            b.GET();
        } else {
            b.method(r.method(), body(r));
        }
        HttpResponse<InputStream> response = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        String type = response.headers().firstValue("Content-Type").orElse("");
        try (InputStream in = response.body()) {
            if (type.startsWith("text/event-stream")) {
                return new Answer(response.statusCode(), type, ""); // a live stream: its status is the answer; close it
            }
            return new Answer(response.statusCode(), type, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private static HttpRequest.BodyPublisher body(BadRequest r) {
        if (r.generator() == null) {
            return HttpRequest.BodyPublishers.ofString(r.body() == null ? "" : r.body(), StandardCharsets.UTF_8);
        }
        String[] g = r.generator().split(":");
        return switch (g[0]) {
            case "hugeString" -> bytes(hugeString(g[1], Integer.parseInt(g[2])));
            case "deepArray" -> bytes("[".repeat(Integer.parseInt(g[1])) + "]".repeat(Integer.parseInt(g[1])));
            case "openArray" -> bytes("[".repeat(Integer.parseInt(g[1])));
            case "deepObject" -> bytes("{\"a\":".repeat(Integer.parseInt(g[1])) + "1" + "}".repeat(Integer.parseInt(g[1])));
            case "deepInTitle" -> bytes(treaty("drill-deep-" + RUN, "KZ", "RU").replace("\"title\":\"Drill accord\"",
                    "\"title\":" + "[".repeat(Integer.parseInt(g[1])) + "]".repeat(Integer.parseInt(g[1]))));
            case "oversized" -> oversized(g[1]);
            case "ndjsonLines" -> bytes(goodLines(Integer.parseInt(g[1]), "n"));
            case "ndjsonOneBad" -> bytes(oneBadAmongGood(Integer.parseInt(g[1]), g[2]));
            default -> throw new IllegalArgumentException("unknown generator " + r.generator());
        };
    }

    private static HttpRequest.BodyPublisher bytes(String s) {
        return HttpRequest.BodyPublishers.ofByteArray(s.getBytes(StandardCharsets.UTF_8));
    }

    /** A treaty.signed whose {@code field} holds {@code n} characters (a letter the field's pattern would take). */
    static String hugeString(String field, int n) {
        String huge = "a".repeat(n);
        String t = treaty("drill-huge-" + field.toLowerCase() + "-" + RUN, "KZ", "RU");
        return switch (field) {
            case "title" -> t.replace("\"title\":\"Drill accord\"", "\"title\":\"" + huge + "\"");
            case "treatyId" -> t.replaceFirst("\"treatyId\":\"[^\"]+\"", "\"treatyId\":\"" + huge + "\"");
            case "ref" -> t.replace("{\"ref\":\"drill\"}", "{\"ref\":\"" + huge + "\"}");
            case "note" -> t.replace("{\"ref\":\"drill\"}", "{\"ref\":\"drill\",\"note\":\"" + huge + "\"}");
            case "type" -> t.replace("\"type\":\"treaty.signed\"", "\"type\":\"treaty." + huge + "\"");
            case "id" -> t.replace("{\"type\"", "{\"id\":\"" + huge + "\",\"type\"");
            default -> throw new IllegalArgumentException(field);
        };
    }

    private static HttpRequest.BodyPublisher oversized(String kind) {
        int size = (int) PRODUCTION_BODY_LIMIT + 1;
        String line = treaty("drill-oversized-" + RUN, "KZ", "RU") + "\n";
        StringBuilder s = new StringBuilder(size + line.length());
        while (s.length() + line.length() <= size) {
            s.append(kind.endsWith("ndjson") ? goodLine(s.length(), "o") + "\n" : " ");
        }
        while (s.length() < size) {
            s.append(' ');
        }
        byte[] b = s.toString().getBytes(StandardCharsets.UTF_8);
        if (kind.startsWith("chunked")) {
            // no Content-Length: the body arrives in chunks of unknown total size
            return HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(b));
        }
        return HttpRequest.BodyPublishers.ofByteArray(b);
    }

    static String treaty(String id, String a, String b) {
        return "{\"type\":\"treaty.signed\",\"data\":{\"occurredOn\":\"2020-05-01\",\"treatyId\":\"" + id
                + "\",\"title\":\"Drill accord\",\"kind\":\"trade\",\"parties\":[\"" + a + "\",\"" + b + "\"],\"sources\":[{\"ref\":\"drill\"}]}}";
    }

    private static final String[][] PAIRS = {{"KZ", "RU"}, {"KZ", "CN"}, {"UZ", "TR"}, {"AZ", "GE"}, {"KG", "TJ"}, {"MN", "JP"}};

    /** A valid event of the catalogue, new on every run: its own id and, for entities, its own key. */
    static String goodLine(int i, String tag) {
        String id = UUID.randomUUID().toString();
        String[] p = PAIRS[i % PAIRS.length];
        String data = switch (i % 5) {
            case 0 -> "\"type\":\"treaty.signed\",\"data\":{\"occurredOn\":\"2019-0" + (1 + i % 9) + "\",\"treatyId\":\"drill-" + RUN + "-" + tag + i
                    + "\",\"title\":\"Drill accord " + i + "\",\"kind\":\"cooperation\",\"parties\":[\"" + p[0] + "\",\"" + p[1] + "\"]";
            case 1 -> "\"type\":\"visit.made\",\"data\":{\"occurredOn\":\"2018-11-0" + (1 + i % 9) + "\",\"visitor\":\"Drill envoy " + i
                    + "\",\"visitorActor\":\"" + p[0] + "\",\"host\":\"" + p[1] + "\"";
            case 2 -> "\"type\":\"shipment.delivered\",\"data\":{\"occurredOn\":\"2021-0" + (1 + i % 9) + "\",\"exporter\":\"" + p[0]
                    + "\",\"importer\":\"" + p[1] + "\",\"commodity\":\"2709\",\"quantity\":" + (1000 + i) + ",\"unit\":\"bbl\"";
            case 3 -> "\"type\":\"statement.made\",\"data\":{\"occurredOn\":\"2017\",\"speaker\":\"" + p[0] + "\",\"target\":\"" + p[1]
                    + "\",\"stance\":\"supportive\",\"summary\":\"Drill statement " + i + "\"";
            default -> "\"type\":\"trade.reported\",\"data\":{\"occurredOn\":\"2016\",\"reporter\":\"" + p[0] + "\",\"partner\":\"" + p[1]
                    + "\",\"period\":\"2016-" + String.format("%02d", 1 + i % 12) + "\",\"exportsUsd\":" + (1_000_000 + i);
        };
        return "{\"id\":\"" + id + "\"," + data + ",\"sources\":[{\"ref\":\"drill-" + RUN + "\",\"note\":\"line " + i + "\"}]}}";
    }

    static String goodLines(int n, String tag) {
        StringBuilder s = new StringBuilder(n * 260);
        for (int i = 0; i < n; i++) {
            s.append(goodLine(i, tag)).append('\n');
        }
        return s.toString();
    }

    /** 10,000 lines: 9,999 valid, new events and at {@code bad} one line spoiled as {@code kind} says. */
    static String oneBadAmongGood(int bad, String kind) {
        String tag = "b" + bad + kind.charAt(0);
        List<String> lines = new ArrayList<>(10_000);
        for (int i = 0; i < 10_000; i++) {
            lines.add(goodLine(i, tag));
        }
        EventCodec codec = EventCodec.bundled();
        for (int i = 0; i < lines.size(); i++) {
            if (i != bad) {
                codec.decode(lines.get(i).getBytes(StandardCharsets.UTF_8)); // the good lines really are good
            }
        }
        String spoiled = switch (kind) {
            case "brokenJson" -> lines.get(bad).substring(0, lines.get(bad).length() / 2);
            case "unknownActor" -> treaty("drill-" + RUN + "-" + tag, "KZ", "QQ");
            case "invalidDate" -> treaty("drill-" + RUN + "-" + tag, "KZ", "RU").replace("2020-05-01", "2015-02-30");
            case "unknownType" -> treaty("drill-" + RUN + "-" + tag, "KZ", "RU").replace("treaty.signed", "treaty.sealed");
            case "missingField" -> treaty("drill-" + RUN + "-" + tag, "KZ", "RU").replace("\"title\":\"Drill accord\",", "");
            case "unknownField" -> treaty("drill-" + RUN + "-" + tag, "KZ", "RU").replace("\"kind\"", "\"foo\":1,\"kind\"");
            case "injection" -> treaty("x'); DELETE FROM event_store;--", "KZ", "RU");
            case "duplicateIdDifferentContent" -> lines.get(10).replace("Drill accord 10", "Another accord");
            case "retractUnknown" -> "{\"type\":\"event.retracted\",\"data\":{\"occurredOn\":\"2020\",\"eventId\":\"" + UUID.randomUUID()
                    + "\",\"reason\":\"drill\",\"sources\":[{\"ref\":\"drill\"}]}}";
            case "deepNesting" -> "[".repeat(100_000) + "]".repeat(100_000);
            default -> throw new IllegalArgumentException(kind);
        };
        lines.set(bad, spoiled);
        return String.join("\n", lines) + "\n";
    }

    static long storedRows() throws SQLException {
        try (Connection c = DriverManager.getConnection(DevInfrastructure.forTests().jdbcUrl("ingest"), EmbeddedDatabase.USER,
                EmbeddedDatabase.PASSWORD); ResultSet rs = c.createStatement().executeQuery("select count(*) from event_store")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String clip(String s) {
        return s.length() <= 300 ? s : s.substring(0, 297) + "...";
    }
}
