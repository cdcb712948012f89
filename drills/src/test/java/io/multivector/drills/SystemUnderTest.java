package io.multivector.drills;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.multivector.devstack.DevInfrastructure;
import io.multivector.devstack.DevKeys;
import io.multivector.devstack.EmbeddedDatabase;
import io.multivector.devstack.WholeSystem;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.awaitility.Awaitility.await;

/**
 * The drills' view of {@link WholeSystem} (started once per test JVM; {@link #system} kills and restarts its
 * processes): calls through the gateway as admin, straight to a backend, and to the databases.
 */
final class SystemUnderTest {

    private static SystemUnderTest instance;

    final WholeSystem system = WholeSystem.forTests();
    final DevInfrastructure infra = system.infra();
    final DevKeys keys = system.keys();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();

    static synchronized SystemUnderTest get() {
        if (instance == null) {
            instance = new SystemUnderTest();
        }
        return instance;
    }

    /** A GET straight to a backend instance, with the internal credential the gateway would add. */
    JsonNode getDirect(String baseUrl, String path) {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("X-Multivector-Internal", keys.internalCredential()).GET());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET " + baseUrl + path + " answered " + r.statusCode() + ": " + r.body());
        }
        try {
            return json.readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String gateway() {
        return system.gatewayUrl() + "/api/v1";
    }

    /** A GET through the gateway as admin (admin includes every read). */
    JsonNode get(String path) {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(gateway() + path)).GET());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        try {
            return json.readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.header("Authorization", "Bearer " + keys.admin()).timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> post(String path, String contentType, String body) {
        return send(HttpRequest.newBuilder(URI.create(gateway() + path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    String checksum(String projection) {
        return get("/admin/projections/" + projection + "/checksum").path("checksum").asText();
    }

    /** The projection's lag is 0 on every partition (and no rebuild is running). */
    void awaitCaughtUp(String projection, Duration within) {
        await().atMost(within).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> {
            for (JsonNode s : get("/admin/projections?projection=" + projection).path("items")) {
                if (s.path("name").asText().equals(projection)) {
                    return s.path("lag").asLong() == 0 && s.path("rebuildingInto").isNull() && s.path("partitions").size() > 0;
                }
            }
            return false;
        });
    }

    /** Builds the projection again from the topics and waits until the new copy serves. */
    String checksumOfACleanBuild(String projection, Duration within) {
        HttpResponse<String> r = post("/admin/projections/" + projection + "/rebuild", "application/json", "");
        if (r.statusCode() != 202) {
            throw new IllegalStateException("rebuild answered " + r.statusCode() + ": " + r.body());
        }
        awaitCaughtUp(projection, within);
        return checksum(projection);
    }

    /** Event id → how many rows of the event store carry it (absent: none). */
    Map<String, Integer> storedCopies(java.util.Collection<String> ids) throws SQLException {
        Map<String, Integer> copies = new LinkedHashMap<>();
        try (Connection c = database("ingest");
             java.sql.PreparedStatement ps = c.prepareStatement("select id::text, count(*) from event_store where id = any(?::uuid[]) group by id")) {
            ps.setArray(1, c.createArrayOf("text", ids.toArray()));
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    copies.put(rs.getString(1), rs.getInt(2));
                }
            }
        }
        return copies;
    }

    /**
     * The first of {@code n} store sequences for records a drill puts on the topics itself, numbered as the relay would
     * publish them: the store's counter moves past them, so they come after every event stored so far and before every
     * later one, and each partition stays in sequence order (projections take a record at or below the last sequence
     * applied from its partition for a copy). Returns once the relay has published everything stored before them; call
     * it while nothing else is being stored.
     */
    long reserveSequences(int n) throws SQLException {
        long first;
        try (Connection c = database("ingest");
             java.sql.PreparedStatement ps = c.prepareStatement("update store_position set last_sequence = last_sequence + ? where id = 1"
                     + " returning last_sequence")) {
            ps.setInt(1, n);
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                rs.next();
                first = rs.getLong(1) - n + 1;
            }
        }
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(200)).until(() -> {
            try (Connection c = database("ingest");
                 java.sql.ResultSet rs = c.createStatement().executeQuery("select coalesce(max(published_through), 0) from relay_cursor")) {
                rs.next();
                return rs.getLong(1) >= first - 1;
            }
        });
        return first;
    }

    Connection database(String name) throws SQLException {
        return DriverManager.getConnection(infra.jdbcUrl(name), EmbeddedDatabase.USER, EmbeddedDatabase.PASSWORD);
    }
}
