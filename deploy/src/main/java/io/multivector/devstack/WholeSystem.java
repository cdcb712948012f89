package io.multivector.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole system as in production, for tests that use it from outside (the drills, the generated client's): the
 * broker and database of {@link DevInfrastructure#forTests()} and the four services from their packaged jars, each in
 * its own JVM on a free port, started once per test JVM and stopped when it exits. Tests run from a module of the
 * repository (at any depth); each service logs to {@code target/system/<module>.log} there.
 */
public final class WholeSystem {

    public static final List<String> BACKENDS = List.of("ingest-service", "relations-service", "trade-service");
    private static final Duration READY_WITHIN = Duration.ofSeconds(120);
    private static WholeSystem instance;

    private final DevInfrastructure infra = DevInfrastructure.forTests();
    private final DevKeys keys = DevKeys.random();
    private final Path repoRoot = repositoryRoot();
    private final Map<String, ServiceProcess> services = new LinkedHashMap<>();
    private final Map<String, String> env;
    /** Configuration a test gave a service (an operator's fix): kept across its later restarts. */
    private final Map<String, Map<String, String>> extraEnv = new LinkedHashMap<>();

    private WholeSystem() throws IOException, InterruptedException {
        Map<String, Integer> ports = new LinkedHashMap<>();
        List<Integer> free = FreePorts.take(BACKENDS.size() + 1);
        for (String m : BACKENDS) {
            ports.put(m, free.get(ports.size()));
        }
        Map<String, List<String>> backends = new LinkedHashMap<>();
        ports.forEach((m, port) -> backends.put(m, List.of("http://" + ServiceProcess.LOOPBACK + ":" + port)));
        env = ServiceEnvironment.of(infra, keys, backends);
        ports.put("gateway", free.getLast());
        for (var e : ports.entrySet()) {
            services.put(e.getKey(), launch(e.getKey(), e.getValue(), e.getKey()));
        }
        for (ServiceProcess p : services.values()) {
            p.awaitReady(READY_WITHIN);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> services.values().forEach(ServiceProcess::close)));
    }

    /** The one instance of this JVM, started on first use. */
    public static synchronized WholeSystem forTests() {
        if (instance == null) {
            try {
                instance = new WholeSystem();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return instance;
    }

    public DevInfrastructure infra() {
        return infra;
    }

    /** The keys the gateway knows (by hash) and the internal credential the backends take. */
    public DevKeys keys() {
        return keys;
    }

    public synchronized ServiceProcess service(String module) {
        return services.get(module);
    }

    /** The gateway's base URL (the public API is under {@code /api/v1}). */
    public synchronized String gatewayUrl() {
        return services.get("gateway").url();
    }

    /** kill -9, then start again on the same port and wait until ready. */
    public synchronized void killAndRestart(String module) throws IOException, InterruptedException {
        ServiceProcess old = services.get(module);
        old.kill();
        start(module, old.port());
    }

    public synchronized void stop(String module) {
        services.get(module).close();
    }

    /** Starts a service (again) on {@code port} and waits until ready. */
    public synchronized void start(String module, int port) throws IOException, InterruptedException {
        ServiceProcess p = launch(module, port, module);
        services.put(module, p);
        p.awaitReady(READY_WITHIN);
    }

    /** Stops a service and starts it again with more environment (e.g. a fix in configuration). */
    public synchronized void restartWith(String module, Map<String, String> extraEnv) throws IOException, InterruptedException {
        ServiceProcess old = services.get(module);
        old.close();
        this.extraEnv.put(module, Map.copyOf(extraEnv));
        start(module, old.port());
    }

    /** Another instance of a service, in the same consumer group, on a free port; not known to the gateway. */
    public synchronized ServiceProcess startAnother(String module) throws IOException, InterruptedException {
        int port = FreePorts.take(1).getFirst();
        ServiceProcess p = launch(module, port, module + "-" + port);
        p.awaitReady(READY_WITHIN);
        return p;
    }

    /** The nearest directory above the test's module that holds the services' modules. */
    private static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath().getParent(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("gateway")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no repository root above " + Path.of("").toAbsolutePath());
    }

    private ServiceProcess launch(String module, int port, String logName) throws IOException {
        Map<String, String> e = new LinkedHashMap<>(env);
        e.putAll(extraEnv.getOrDefault(module, Map.of()));
        return ServiceProcess.launch(repoRoot, module, port, e, Path.of("target", "system", logName + ".log"), "-Xmx512m",
                ServiceProcess.SHORT_LIVED);
    }
}
