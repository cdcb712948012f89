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

    /** A service of the stack: its module, port, the database it owns (if any), and whether it scales out. */
    record Service(String module, int port, String database, boolean projector) {
    }

    static final List<Service> SERVICES = List.of(
            new Service("ingest-service", 8081, "ingest", false),
            new Service("relations-service", 8082, "relations", true),
            new Service("trade-service", 8083, "trade", true),
            new Service("gateway", 8080, null, false));
    /** Further instances of a projector listen 100 ports above the previous one (8182, 8282...). */
    static final int INSTANCE_PORT_STEP = 100;

    private final Path home;
    private final List<ServiceProcess> processes = new ArrayList<>();
    private DevInfrastructure infra;

    private StackLauncher(Path home) {
        this.home = home;
    }

    public static void main(String[] args) throws Exception {
        boolean fresh = false;
        boolean seeds = true;
        int instances = 1;
        int brokers = 1;
        String bind = ServiceProcess.LOOPBACK;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--fresh" -> fresh = true;
                case "--no-seeds" -> seeds = false;
                case "--instances" -> instances = i + 1 < args.length && args[i + 1].matches("[1-9]") ? Integer.parseInt(args[++i]) : 0;
                case "--brokers" -> {
                    if (i + 1 < args.length && args[i + 1].matches("[13]")) {
                        brokers = Integer.parseInt(args[++i]);
                    } else {
                        instances = 0;
                    }
                }
                case "--bind" -> {
                    if (i + 1 < args.length && args[i + 1].matches("([0-9]{1,3}\\.){3}[0-9]{1,3}")) {
                        bind = args[++i];
                    } else {
                        instances = 0;
                    }
                }
                default -> instances = 0;
            }
            if (instances == 0) {
                System.err.println("usage: ./multivector up [--fresh] [--no-seeds] [--instances N (1-9 of each projector)]"
                        + " [--brokers 1|3 (Kafka nodes; 3 as deploy/kafka/cluster.env sets them)]"
                        + " [--bind IPV4-ADDRESS (the gateway's; default 127.0.0.1, 0.0.0.0 for every interface)]");
                System.exit(2);
            }
        }
        StackLauncher stack = new StackLauncher(Path.of(".multivector").toAbsolutePath());
        Runtime.getRuntime().addShutdownHook(new Thread(stack::stop, "stack-stop"));
        stack.run(fresh, seeds, instances, brokers, bind);
        Thread.currentThread().join(); // until Ctrl-C
    }

    /** Everything but the gateway listens on loopback only: the gateway is the one way in (keys, roles, rate limits). */
    private void run(boolean fresh, boolean seeds, int instances, int brokers, String bind) throws Exception {
        Instant t0 = Instant.now();
        Path data = home.resolve("data");
        if (fresh && Files.exists(data)) {
            System.out.println("multivector: --fresh: removing " + data);
            try (Stream<Path> s = Files.walk(data)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        DevKeys keys = DevKeys.storedIn(home.resolve("keys.env"));
        DevInfrastructure.Settings settings = DevInfrastructure.Settings.standard(data, brokers);
        refuseAnotherBrokerCount(settings);
        String kafka = settings.kafkaPorts().stream().map(p -> "127.0.0.1:" + p.client()).collect(java.util.stream.Collectors.joining(","));
        System.out.println("multivector: starting PostgreSQL (5433) and Kafka (" + kafka + ")...");
        infra = DevInfrastructure.start(settings);
        Map<String, List<Integer>> ports = new LinkedHashMap<>();
        for (Service s : SERVICES) {
            List<Integer> p = new ArrayList<>();
            for (int i = 0; i < (s.projector() ? instances : 1); i++) {
                p.add(s.port() + i * INSTANCE_PORT_STEP);
            }
            ports.put(s.module(), p);
        }
        Map<String, List<String>> backends = new LinkedHashMap<>();
        for (Service s : SERVICES) {
            if (s.database() != null) {
                backends.put(s.module(), ports.get(s.module()).stream().map(p -> "http://" + ServiceProcess.LOOPBACK + ":" + p).toList());
            }
        }
        Map<String, String> env = ServiceEnvironment.of(infra, keys, backends);
        Path root = Path.of("").toAbsolutePath();
        for (Service s : SERVICES) {
            for (int port : ports.get(s.module())) {
                String log = s.module() + (port == s.port() ? "" : "-" + port) + ".log";
                String host = s.module().equals("gateway") ? bind : ServiceProcess.LOOPBACK;
                processes.add(ServiceProcess.launch(root, s.module(), host, port, env, home.resolve("logs").resolve(log), "-Xmx512m"));
            }
        }
        String gateway = null;
        for (ServiceProcess p : processes) {
            p.awaitReady(Duration.ofSeconds(120));
            System.out.printf("multivector: %-18s ready on %s%n", p.module(), p.url());
            if (p.module().equals("gateway")) {
                gateway = p.url();
            }
        }
        System.out.printf("multivector: all healthy %.1f s after launch%n", Duration.between(t0, Instant.now()).toMillis() / 1000.0);
        if (seeds) {
            new SeedLoader(gateway + "/api/v1", keys.writer()).load(Path.of("seeds/corpus"));
        }
        System.out.println();
        System.out.println("  API            " + gateway + "/api/v1" + (bind.equals("0.0.0.0") ? "   (listening on every interface)" : ""));
        System.out.println("  Swagger UI     " + gateway + "/q/swagger-ui");
        System.out.println("  Kafka          " + infra.bootstrapServers() + "     PostgreSQL 127.0.0.1:5433 (user postgres)");
        keys.asEnv().forEach((k, v) -> System.out.println("  " + k + "=" + v));
        System.out.println("  (keys also in " + home.resolve("keys.env") + "; logs in " + home.resolve("logs") + ")");
        System.out.println("Ctrl-C stops everything.");
    }

    /**
     * The store remembers what it published: topics of a cluster with another node count would lack those
     * events, and the relay would not send them again. Say so instead of starting a stack that lies.
     */
    private static void refuseAnotherBrokerCount(DevInfrastructure.Settings settings) {
        int otherCount = settings.brokers() == 1 ? 3 : 1;
        Path other = DevInfrastructure.Settings.kafkaDir(settings.baseDir(), otherCount);
        if (Files.exists(other) && !Files.exists(settings.kafkaDir())) {
            System.err.println("multivector: the data in " + settings.baseDir() + " was made with --brokers " + otherCount
                    + "; start with that again, or add --fresh to begin empty with --brokers " + settings.brokers());
            System.exit(2);
        }
    }

    private void stop() {
        System.out.println("multivector: stopping...");
        processes.reversed().forEach(ServiceProcess::close);
        if (infra != null) {
            infra.close();
        }
    }
}
