package io.multivector.devstack;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

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
 * A single-node Kafka KRaft broker (broker and controller in one) in its own JVM, on loopback, with
 * its data in a directory that survives restarts.
 */
public final class KafkaBroker {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    private final Path dir;
    private final int port;
    private final int controllerPort;
    private final int partitions;
    private final String heap;
    private volatile Process process;

    public KafkaBroker(Path dir, int port, int controllerPort, int partitions, String heap) {
        this.dir = dir;
        this.port = port;
        this.controllerPort = controllerPort;
        this.partitions = partitions;
        this.heap = heap;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public boolean isRunning() {
        Process p = process;
        return p != null && p.isAlive();
    }

    /** Starts the broker (formatting its log directory the first time) and waits until it answers. */
    public synchronized void start() {
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
            awaitReady();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops the broker cleanly (it flushes and closes its logs); forcibly if it takes over 30 s. */
    public synchronized void stop() {
        Process p = process;
        if (p == null) {
            return;
        }
        p.destroy();
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
        String voters = "1@127.0.0.1:" + controllerPort;
        String text = String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=" + voters,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + dir.resolve("logs").toAbsolutePath(),
                "num.partitions=" + partitions,
                "auto.create.topics.enable=false",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=6",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "") ;
        Path props = dir.resolve("server.properties");
        Files.writeString(props, text);
        return props;
    }

    private void format(Path props) throws IOException {
        Path idFile = dir.resolve("cluster.id");
        if (!Files.exists(idFile)) {
            Files.writeString(idFile, Uuid.randomUuid().toString());
        }
        String clusterId = Files.readString(idFile).trim();
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
        List<String> cmd = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-Djava.awt.headless=true", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
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

    private void awaitReady() throws IOException {
        Instant deadline = Instant.now().plus(READY_TIMEOUT);
        Map<String, Object> conf = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
        try (Admin admin = Admin.create(conf)) {
            while (true) {
                if (!isRunning()) {
                    throw new IllegalStateException("the Kafka broker exited:\n" + tail());
                }
                try {
                    admin.describeCluster().nodes().get(3, TimeUnit.SECONDS);
                    return;
                } catch (Exception e) {
                    if (Instant.now().isAfter(deadline)) {
                        throw new IllegalStateException("the Kafka broker did not answer within " + READY_TIMEOUT.toSeconds() + " s:\n" + tail());
                    }
                }
            }
        }
    }

    private String tail() throws IOException {
        Path log = dir.resolve("broker.log");
        if (!Files.exists(log)) {
            return "(no broker log)";
        }
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }
}
