package io.multivector.drills;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.multivector.devstack.DevInfrastructure;
import io.multivector.devstack.DevKeys;
import io.multivector.devstack.EmbeddedDatabase;
import io.multivector.devstack.ServiceEnvironment;
import io.multivector.devstack.ServiceProcess;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;

/**
 * The whole system as in production, for the drills: the broker and database of
 * {@link DevInfrastructure#forTests()} and the four services from their packaged jars, each in its
 * own JVM, started once per test JVM. Drills kill and restart services through it.
 */
final class SystemUnderTest {

    static final List<String> BACKENDS = List.of("ingest-service", "relations-service", "trade-service");
    private static SystemUnderTest instance;

    final DevInfrastructure infra = DevInfrastructure.forTests();
    final DevKeys keys = DevKeys.random();
    private final Map<String, ServiceProcess> services = new LinkedHashMap<>();
    private final Map<String, String> env;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();

    private SystemUnderTest() throws IOException, InterruptedException {
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (String m : BACKENDS) {
            ports.put(m, freePort());
        }
        Map<String, List<String>> backends = new LinkedHashMap<>();
        ports.forEach((m, port) -> backends.put(m, List.of("http://" + ServiceProcess.LOOPBACK + ":" + port)));
        env = ServiceEnvironment.of(infra, keys, backends);
        ports.put("gateway", freePort());
        for (var e : ports.entrySet()) {
            services.put(e.getKey(), launch(e.getKey(), e.getValue()));
        }
        for (ServiceProcess p : services.values()) {
            p.awaitReady(Duration.ofSeconds(120));
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> services.values().forEach(ServiceProcess::close)));
    }

    static synchronized SystemUnderTest get() {
        if (instance == null) {
            try {
                instance = new SystemUnderTest();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return instance;
    }

    /** Configuration a drill gave a service (an operator's fix): kept across its later restarts. */
    private final Map<String, Map<String, String>> extraEnv = new LinkedHashMap<>();

    private ServiceProcess launch(String module, int port) throws IOException {
        return launch(module, port, extraEnv.getOrDefault(module, Map.of()));
    }

    private ServiceProcess launch(String module, int port, Map<String, String> extraEnv) throws IOException {
        Map<String, String> e = new LinkedHashMap<>(env);
        e.putAll(extraEnv);
        return ServiceProcess.launch(Path.of("..").toAbsolutePath().normalize(), module, port, e,
                Path.of("target", "drills", module + ".log"), "-Xmx512m");
    }

    ServiceProcess service(String module) {
        return services.get(module);
    }

    /** kill -9, then start again on the same port and wait until ready. */
    synchronized void killAndRestart(String module) throws IOException, InterruptedException {
        ServiceProcess old = services.get(module);
        old.kill();
        start(module, old.port());
    }

    synchronized void stop(String module) {
        services.get(module).close();
    }

    /** Stops a service and starts it again with more environment (e.g. a fix in configuration). */
    synchronized void restartWith(String module, Map<String, String> extraEnv) throws IOException, InterruptedException {
        ServiceProcess old = services.get(module);
        old.close();
        this.extraEnv.put(module, Map.copyOf(extraEnv));
        ServiceProcess p = launch(module, old.port(), extraEnv);
        services.put(module, p);
        p.awaitReady(Duration.ofSeconds(120));
    }

    /** Another instance of a service, in the same consumer group, on a free port; not known to the gateway. */
    synchronized ServiceProcess startAnother(String module) throws IOException, InterruptedException {
        int port = freePort();
        ServiceProcess p = ServiceProcess.launch(Path.of("..").toAbsolutePath().normalize(), module, port, env,
                Path.of("target", "drills", module + "-" + port + ".log"), "-Xmx512m");
        p.awaitReady(Duration.ofSeconds(120));
        return p;
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

    synchronized void start(String module, int port) throws IOException, InterruptedException {
        ServiceProcess p = launch(module, port);
        services.put(module, p);
        p.awaitReady(Duration.ofSeconds(120));
    }

    String gateway() {
        return services.get("gateway").url() + "/api/v1";
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

    Connection database(String name) throws SQLException {
        return DriverManager.getConnection(infra.jdbcUrl(name), EmbeddedDatabase.USER, EmbeddedDatabase.PASSWORD);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
