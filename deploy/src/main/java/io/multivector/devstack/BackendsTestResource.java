package io.multivector.devstack;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * For the gateway's tests: the real backends (ingest, relations, trade) running from their built
 * jars on free ports, on the broker and database of {@link DevInfrastructure#forTests()}, started
 * once per JVM and stopped when it exits. The gateway under test gets their URLs, the test API keys
 * (as hashes) and the internal credential.
 */
public class BackendsTestResource implements QuarkusTestResourceLifecycleManager {

    public static final List<String> BACKENDS = List.of("ingest-service", "relations-service", "trade-service");
    private static final DevKeys KEYS = DevKeys.random();
    /** A reader key limited to one request per second, for rate limit tests. */
    public static final String SLOW_KEY = "mv-slow-" + DevKeys.random().reader();
    /** The body limit the gateway under test enforces (small, so a test need not send megabytes). */
    public static final long MAX_BODY_BYTES = 1 << 20;
    private static Map<String, ServiceProcess> running;

    /** The plain keys the tests present (the gateway only knows their hashes). */
    public static DevKeys keys() {
        return KEYS;
    }

    /** A running backend, e.g. to stop it and see the gateway degrade. */
    public static synchronized ServiceProcess backend(String module) {
        return running.get(module);
    }

    /** Starts {@code module} again after a test stopped it, on the same port. */
    public static synchronized ServiceProcess restart(String module) throws IOException, InterruptedException {
        ServiceProcess old = running.get(module);
        old.close();
        ServiceProcess p = launch(module, old.port());
        p.awaitReady(Duration.ofSeconds(90));
        running.put(module, p);
        return p;
    }

    @Override
    public synchronized Map<String, String> start() {
        try {
            if (running == null) {
                Map<String, ServiceProcess> started = new LinkedHashMap<>();
                List<Integer> free = FreePorts.take(BACKENDS.size());
                for (String module : BACKENDS) {
                    started.put(module, launch(module, free.get(started.size())));
                }
                for (ServiceProcess p : started.values()) {
                    p.awaitReady(Duration.ofSeconds(90));
                }
                running = started;
                Runtime.getRuntime().addShutdownHook(new Thread(() -> running.values().forEach(ServiceProcess::close)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        Map<String, String> config = new LinkedHashMap<>();
        running.forEach((module, p) -> config.put(
                "multivector.gateway.backends." + module.replace("-service", "") + ".urls", p.url()));
        config.put("multivector.gateway.api-keys", KEYS.apiKeysSetting() + ",slow:reader:" + DevKeys.sha256(SLOW_KEY) + ":1");
        config.put("multivector.gateway.max-body-bytes", Long.toString(MAX_BODY_BYTES));
        config.put("multivector.gateway.internal-credential", KEYS.internalCredential());
        config.put("kafka.bootstrap.servers", DevInfrastructure.forTests().bootstrapServers());
        return config;
    }

    private static ServiceProcess launch(String module, int port) throws IOException {
        DevInfrastructure infra = DevInfrastructure.forTests();
        Map<String, String> env = ServiceEnvironment.of(infra, KEYS, Map.of());
        Path log = Path.of("target", "backends", module + ".log");
        Files.createDirectories(log.getParent());
        return ServiceProcess.launch(Path.of("..").toAbsolutePath().normalize(), module, port, env, log,
                "-Xmx384m", ServiceProcess.SHORT_LIVED);
    }

    @Override
    public void stop() {
        // shared by every test class of the JVM; the shutdown hook stops the processes
    }
}
