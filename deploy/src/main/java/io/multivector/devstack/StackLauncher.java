package io.multivector.devstack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
    private final List<ServiceProcess> processes = new ArrayList<>();
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
        DevKeys keys = DevKeys.storedIn(home.resolve("keys.env"));
        System.out.println("multivector: starting PostgreSQL (5433) and Kafka (9092)...");
        infra = DevInfrastructure.start(DevInfrastructure.Settings.standard(data));
        Map<String, List<String>> backends = new LinkedHashMap<>();
        for (Service s : SERVICES) {
            if (s.database() != null) {
                backends.put(s.module(), List.of("http://localhost:" + s.port()));
            }
        }
        Map<String, String> env = ServiceEnvironment.of(infra, keys, backends);
        Path root = Path.of("").toAbsolutePath();
        for (Service s : SERVICES) {
            processes.add(ServiceProcess.launch(root, s.module(), s.port(), env, home.resolve("logs").resolve(s.module() + ".log"), "-Xmx512m"));
        }
        for (ServiceProcess p : processes) {
            p.awaitReady(Duration.ofSeconds(120));
            System.out.printf("multivector: %-18s ready on %s%n", p.module(), p.url());
        }
        System.out.printf("multivector: all healthy %.1f s after launch%n", Duration.between(t0, Instant.now()).toMillis() / 1000.0);
        if (seeds) {
            new SeedLoader("http://localhost:8080/api/v1", keys.writer()).load(Path.of("seeds/corpus"));
        }
        System.out.println();
        System.out.println("  API            http://localhost:8080/api/v1");
        System.out.println("  Swagger UI     http://localhost:8080/q/swagger-ui");
        System.out.println("  Kafka          127.0.0.1:9092     PostgreSQL 127.0.0.1:5433 (user postgres)");
        keys.asEnv().forEach((k, v) -> System.out.println("  " + k + "=" + v));
        System.out.println("  (keys also in " + home.resolve("keys.env") + "; logs in " + home.resolve("logs") + ")");
        System.out.println("Ctrl-C stops everything.");
    }

    private void stop() {
        System.out.println("multivector: stopping...");
        processes.reversed().forEach(ServiceProcess::close);
        if (infra != null) {
            infra.close();
        }
    }
}
