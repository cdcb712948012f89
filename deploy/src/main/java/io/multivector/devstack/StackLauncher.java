package io.multivector.devstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code ./multivector up}: the whole system on one machine. Starts the broker and the database,
 * then every service from its built jar, waits until all are healthy, loads the seed corpus and
 * prints where everything is. Ctrl-C stops all of it; data stays in {@code .multivector/data}
 * unless {@code --fresh} is given.
 */
public final class StackLauncher {

    /** A service of the stack: its module, port and the database it owns, if any. */
    record Service(String module, int port, String database) {
    }

    static final List<Service> SERVICES = List.of(
            new Service("ingest-service", 8081, "ingest"),
            new Service("relations-service", 8082, "relations"),
            new Service("trade-service", 8083, "trade"),
            new Service("gateway", 8080, null));

    private final Path home;
    private final List<Process> processes = new ArrayList<>();
    private DevInfrastructure infra;

    private StackLauncher(Path home) {
        this.home = home;
    }

    public static void main(String[] args) throws Exception {
        boolean fresh = false;
        boolean seeds = true;
        for (String a : args) {
            switch (a) {
                case "--fresh" -> fresh = true;
                case "--no-seeds" -> seeds = false;
                default -> {
                    System.err.println("usage: ./multivector up [--fresh] [--no-seeds]");
                    System.exit(2);
                }
            }
        }
        StackLauncher stack = new StackLauncher(Path.of(".multivector").toAbsolutePath());
        Runtime.getRuntime().addShutdownHook(new Thread(stack::stop, "stack-stop"));
        stack.run(fresh, seeds);
        Thread.currentThread().join(); // until Ctrl-C
    }

    private void run(boolean fresh, boolean seeds) throws Exception {
        Instant t0 = Instant.now();
        Path data = home.resolve("data");
        if (fresh && Files.exists(data)) {
            System.out.println("multivector: --fresh: removing " + data);
            try (Stream<Path> s = Files.walk(data)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        Map<String, String> keys = keys();
        System.out.println("multivector: starting PostgreSQL (5433) and Kafka (9092)...");
        infra = DevInfrastructure.start(DevInfrastructure.Settings.standard(data));
        Files.createDirectories(home.resolve("logs"));
        for (Service s : SERVICES) {
            processes.add(start(s, keys));
        }
        for (Service s : SERVICES) {
            awaitHealthy(s);
            System.out.printf("multivector: %-18s healthy on http://localhost:%d%n", s.module(), s.port());
        }
        System.out.printf("multivector: all healthy %.1f s after launch%n", Duration.between(t0, Instant.now()).toMillis() / 1000.0);
        if (seeds) {
            // The gateway does not route writes yet; the corpus goes straight to the store.
            new SeedLoader("http://localhost:8081", keys.get("MULTIVECTOR_WRITER_KEY")).load(Path.of("seeds/corpus"));
        }
        System.out.println();
        System.out.println("  gateway        http://localhost:8080");
        System.out.println("  Swagger UI     http://localhost:8080/q/swagger-ui   (events: http://localhost:8081/q/swagger-ui)");
        System.out.println("  events         http://localhost:8081/events");
        System.out.println("  Kafka          127.0.0.1:9092     PostgreSQL 127.0.0.1:5433 (user postgres)");
        keys.forEach((k, v) -> System.out.println("  " + k + "=" + v));
        System.out.println("  (keys also in " + home.resolve("keys.env") + "; logs in " + home.resolve("logs") + ")");
        System.out.println("Ctrl-C stops everything.");
    }

    /** Dev API keys, made once and kept in .multivector/keys.env. */
    private Map<String, String> keys() throws IOException {
        Path file = home.resolve("keys.env");
        Map<String, String> keys = new LinkedHashMap<>();
        Properties stored = new Properties();
        if (Files.exists(file)) {
            try (var in = Files.newBufferedReader(file)) {
                stored.load(in);
            }
        }
        SecureRandom random = new SecureRandom();
        boolean changed = false;
        for (String role : List.of("READER", "WRITER", "ADMIN")) {
            String name = "MULTIVECTOR_" + role + "_KEY";
            if (stored.containsKey(name)) {
                keys.put(name, stored.getProperty(name));
            } else {
                byte[] b = new byte[16];
                random.nextBytes(b);
                keys.put(name, "mv-" + role.toLowerCase() + "-" + HexFormat.of().formatHex(b));
                changed = true;
            }
        }
        if (changed) {
            Files.createDirectories(home);
            StringBuilder s = new StringBuilder();
            keys.forEach((k, v) -> s.append(k).append('=').append(v).append('\n'));
            Files.writeString(file, s);
        }
        return keys;
    }

    private Process start(Service s, Map<String, String> keys) throws IOException {
        Path jar = Path.of(s.module(), "target", "quarkus-app", "quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: run ./multivector build");
        }
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:+UseSerialGC", "-Dquarkus.http.port=" + s.port(), "-jar", jar.toString());
        Map<String, String> env = pb.environment();
        env.putAll(keys);
        env.put("MULTIVECTOR_KAFKA", infra.bootstrapServers());
        env.put("MULTIVECTOR_DB_USER", EmbeddedDatabase.USER);
        env.put("MULTIVECTOR_DB_PASSWORD", EmbeddedDatabase.PASSWORD);
        for (String db : DevInfrastructure.DATABASES) {
            env.put("MULTIVECTOR_" + db.toUpperCase() + "_DB_URL", infra.jdbcUrl(db));
        }
        Path log = home.resolve("logs").resolve(s.module() + ".log");
        return pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    private void awaitHealthy(Service s) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://localhost:" + s.port() + "/q/health/ready"))
                .timeout(Duration.ofSeconds(5)).build();
        Instant deadline = Instant.now().plusSeconds(120);
        Process p = processes.get(SERVICES.indexOf(s));
        while (Instant.now().isBefore(deadline)) {
            if (!p.isAlive()) {
                throw new IllegalStateException(s.module() + " exited; see " + home.resolve("logs").resolve(s.module() + ".log"));
            }
            try {
                if (http.send(req, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(s.module() + " was not healthy within 120 s; see its log in " + home.resolve("logs"));
    }

    private void stop() {
        System.out.println("multivector: stopping...");
        for (Process p : processes.reversed()) {
            p.destroy();
        }
        for (Process p : processes) {
            try {
                if (!p.waitFor(20, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
            }
        }
        if (infra != null) {
            infra.close();
        }
    }
}
