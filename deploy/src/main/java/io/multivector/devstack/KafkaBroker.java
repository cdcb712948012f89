package io.multivector.devstack;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One Kafka KRaft node (broker and controller in one) of a {@link KafkaCluster}, in its own JVM, on
 * loopback, with its data in a directory that survives restarts.
 */
public final class KafkaBroker {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    /** The ports a node listens on: clients', and the controllers' quorum. */
    public record Ports(int client, int controller) {
    }

    private final Path dir;
    private final int nodeId;
    private final Ports ports;
    private final String voters;
    private final Map<String, String> shared;
    private final String clusterId;
    private final int partitions;
    private final String heap;
    private final boolean longRunning;
    private volatile Process process;

    /**
     * @param voters    every node's {@code id@host:controllerPort}, comma-separated
     * @param shared    the server.properties all nodes share ({@link KafkaClusterSettings#brokerProperties()})
     * @param clusterId the id every node of the cluster is formatted with
     */
    KafkaBroker(Path dir, int nodeId, Ports ports, String voters, Map<String, String> shared, String clusterId, int partitions,
                String heap, boolean longRunning) {
        this.dir = dir;
        this.nodeId = nodeId;
        this.ports = ports;
        this.voters = voters;
        this.shared = shared;
        this.clusterId = clusterId;
        this.partitions = partitions;
        this.heap = heap;
        this.longRunning = longRunning;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + ports.client();
    }

    public int nodeId() {
        return nodeId;
    }

    public int port() {
        return ports.client();
    }

    public boolean isRunning() {
        Process p = process;
        return p != null && p.isAlive();
    }

    /** Starts the node (formatting its log directory the first time) and waits until it answers. */
    public synchronized void start() {
        launch();
        awaitReady();
    }

    /**
     * Starts the node's JVM without waiting for it: the nodes of a cluster are launched together, since
     * none answers before a majority of controllers is up.
     */
    synchronized void launch() {
        if (isRunning()) {
            return;
        }
        try {
            Files.createDirectories(dir);
            Path props = writeProperties();
            if (!Files.exists(dir.resolve("logs/meta.properties"))) {
                format(props);
            }
            process = java("io.multivector.devstack.BrokerMain", Long.toString(ProcessHandle.current().pid()), props.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("broker.log").toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops the broker cleanly (it flushes and closes its logs); forcibly if it takes over 30 s. */
    public synchronized void stop() {
        requestStop();
        awaitStopped();
    }

    /** Asks the node to shut down (SIGTERM) without waiting: a cluster asks all its nodes at once. */
    synchronized void requestStop() {
        Process p = process;
        if (p != null) {
            p.destroy();
        }
    }

    /** Waits for a node asked to stop; forcibly after 30 s. */
    synchronized void awaitStopped() {
        Process p = process;
        if (p == null) {
            return;
        }
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
        }
        process = null;
    }

    /** Kills the broker as a crash would. */
    public synchronized void kill() {
        Process p = process;
        if (p != null) {
            p.destroyForcibly();
            try {
                p.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }

    private Path writeProperties() throws IOException {
        Map<String, String> p = new java.util.LinkedHashMap<>(shared);
        p.put("node.id", Integer.toString(nodeId));
        p.put("controller.quorum.voters", voters);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + ports.client() + ",CONTROLLER://127.0.0.1:" + ports.controller());
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + ports.client());
        p.put("log.dirs", dir.resolve("logs").toAbsolutePath().toString());
        p.put("num.partitions", Integer.toString(partitions));
        p.put("group.initial.rebalance.delay.ms", "0"); // a dev stack's consumers start one by one: no reason to wait
        StringBuilder text = new StringBuilder();
        p.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        Path props = dir.resolve("server.properties");
        Files.writeString(props, text);
        return props;
    }

    private void format(Path props) throws IOException {
        Path log = dir.resolve("format.log");
        Process f = java("kafka.tools.StorageTool", "format", "-t", clusterId, "-c", props.toString(), "--ignore-formatted")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (!f.waitFor(60, TimeUnit.SECONDS) || f.exitValue() != 0) {
                throw new IllegalStateException("formatting the Kafka log directory failed:\n" + Files.readString(log));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private ProcessBuilder java(String mainClass, String... args) {
        List<String> cmd = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap));
        // the services' JIT: at 100 single events a second C2 halved the broker's CPU (bench/README)
        cmd.addAll(ServiceProcess.JVM_OPTIONS);
        if (!longRunning) {
            cmd.add(ServiceProcess.SHORT_LIVED);
        }
        cmd.addAll(List.of("-Xshare:auto", "-Djava.awt.headless=true", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp", classpath(), mainClass));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).directory(dir.toFile());
    }

    /** This module's own classes plus its runtime dependencies, as written at build time. */
    static String classpath() {
        try (InputStream in = KafkaBroker.class.getClassLoader().getResourceAsStream("multivector/devstack.classpath")) {
            if (in == null) {
                throw new IllegalStateException("multivector/devstack.classpath is missing: build the deploy module first");
            }
            String deps = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            String own = Path.of(KafkaBroker.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
            return own + java.io.File.pathSeparator + deps;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    synchronized void awaitReady() {
        Instant deadline = Instant.now().plus(READY_TIMEOUT);
        Map<String, Object> conf = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
        try (Admin admin = Admin.create(conf)) {
            while (true) {
                if (!isRunning()) {
                    throw new IllegalStateException("Kafka node " + nodeId + " exited:\n" + tail());
                }
                try {
                    admin.describeCluster().nodes().get(3, TimeUnit.SECONDS);
                    return;
                } catch (Exception e) {
                    if (Instant.now().isAfter(deadline)) {
                        throw new IllegalStateException("Kafka node " + nodeId + " did not answer within " + READY_TIMEOUT.toSeconds() + " s:\n" + tail());
                    }
                }
            }
        }
    }

    private String tail() {
        Path log = dir.resolve("broker.log");
        try {
            if (!Files.exists(log)) {
                return "(no broker log)";
            }
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(broker log unreadable: " + e + ")";
        }
    }
}
