package io.multivector.devstack;

import io.multivector.events.Topic;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The infrastructure every part of Multivector runs on: a Kafka broker with the catalogue's topics
 * and a PostgreSQL server with one database per service. {@code ./multivector up} starts it on the
 * standard ports; tests share one instance per JVM on free ports ({@link #forTests()}).
 */
public final class DevInfrastructure implements AutoCloseable {

    public static final List<String> DATABASES = List.of("ingest", "relations", "trade");
    private static DevInfrastructure forTests;

    /**
     * Where the data lives, which ports to use, and whether the database is durable (fsync and synchronous commit:
     * always for {@code ./multivector up} and the bench; tests opt out with {@code -Dmultivector.tests.durable=false}).
     */
    public record Settings(Path baseDir, int kafkaPort, int controllerPort, int postgresPort, int partitions, String brokerHeap,
                           boolean durable) {

        public static Settings standard(Path baseDir) {
            return new Settings(baseDir, 9092, 9093, 5433, Topic.PARTITIONS, "768m", true);
        }
    }

    private final KafkaBroker broker;
    private final EmbeddedDatabase database;
    private final Settings settings;

    private DevInfrastructure(Settings s) {
        this.settings = s;
        this.broker = new KafkaBroker(s.baseDir().resolve("kafka"), s.kafkaPort(), s.controllerPort(), s.partitions(), s.brokerHeap());
        this.database = new EmbeddedDatabase(s.baseDir().resolve("postgres"), s.postgresPort(), s.durable());
    }

    /** Starts the database and the broker (in parallel: each takes seconds), then databases and topics. */
    public static DevInfrastructure start(Settings settings) {
        DevInfrastructure infra = new DevInfrastructure(settings);
        Thread db = Thread.ofPlatform().name("postgres-start").start(infra.database::start);
        infra.broker.start();
        try {
            db.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        DATABASES.forEach(infra.database::createDatabaseIfMissing);
        KafkaTopics.ensure(infra.broker.bootstrapServers(), Topic.allNames(), settings.partitions());
        return infra;
    }

    /** One instance for every test of this JVM, on free ports in a temporary directory; stopped at exit. */
    public static synchronized DevInfrastructure forTests() {
        if (forTests == null) {
            try {
                Path dir = Files.createTempDirectory("multivector-test-");
                boolean durable = Boolean.parseBoolean(System.getProperty("multivector.tests.durable", "true"));
                forTests = start(new Settings(dir, freePort(), freePort(), freePort(), Topic.PARTITIONS, "512m", durable));
                DevInfrastructure infra = forTests;
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    infra.close();
                    deleteQuietly(dir);
                }));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return forTests;
    }

    public KafkaBroker broker() {
        return broker;
    }

    public EmbeddedDatabase database() {
        return database;
    }

    public Settings settings() {
        return settings;
    }

    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    public String jdbcUrl(String databaseName) {
        return database.jdbcUrl(databaseName);
    }

    @Override
    public void close() {
        try {
            broker.stop();
        } finally {
            database.stop();
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory left behind is harmless
        }
    }
}
