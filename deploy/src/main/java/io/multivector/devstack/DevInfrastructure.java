package io.multivector.devstack;

import io.multivector.events.Topic;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The infrastructure every part of Multivector runs on: Kafka (one node, or the three-node cluster)
 * with the catalogue's topics and a PostgreSQL server with one database per service.
 * {@code ./multivector up} starts it on the standard ports; tests share one instance per JVM on free
 * ports ({@link #forTests()}).
 */
public final class DevInfrastructure implements AutoCloseable {

    public static final List<String> DATABASES = List.of("ingest", "relations", "trade");
    private static DevInfrastructure forTests;

    /**
     * Where the data lives, which ports to use (one pair per Kafka node: 1 or 3 of them), and whether the database
     * is durable (fsync and synchronous commit: always for {@code ./multivector up} and the bench; tests opt out
     * with {@code -Dmultivector.tests.durable=false}), and whether the broker runs for long (the JIT it gets:
     * {@link ServiceProcess#JVM_OPTIONS}, and for a test's broker also {@link ServiceProcess#SHORT_LIVED}).
     */
    public record Settings(Path baseDir, List<KafkaBroker.Ports> kafkaPorts, int postgresPort, int partitions, String brokerHeap,
                           boolean durable, boolean longRunning) {

        /**
         * {@code ./multivector up}: Kafka on 9092 (then 9094, 9096; controllers one above each), PostgreSQL on 5433.
         */
        public static Settings standard(Path baseDir, int brokers) {
            List<KafkaBroker.Ports> ports = java.util.stream.IntStream.range(0, brokers)
                    .mapToObj(i -> new KafkaBroker.Ports(9092 + 2 * i, 9093 + 2 * i)).toList();
            return new Settings(baseDir, ports, 5433, Topic.PARTITIONS, brokerHeap(brokers), true, true);
        }

        /**
         * The heap of each Kafka node of a whole stack: 768 MiB for one node; each of three gets the 512 MiB compose
         * gives it, so the cluster fits the stack's memory budget.
         */
        public static String brokerHeap(int brokers) {
            return brokers == 1 ? "768m" : "512m";
        }

        /** Free ports in {@code dir} (tests, the bench), for a run of minutes. */
        public static Settings onFreePorts(Path dir, int brokers, String brokerHeap, boolean durable) {
            List<Integer> free = FreePorts.take(2 * brokers + 1);
            List<KafkaBroker.Ports> ports = java.util.stream.IntStream.range(0, brokers)
                    .mapToObj(i -> new KafkaBroker.Ports(free.get(2 * i), free.get(2 * i + 1))).toList();
            return new Settings(dir, ports, free.getLast(), Topic.PARTITIONS, brokerHeap, durable, false);
        }

        /** The same, for a stack that runs as long as {@code ./multivector up}'s (the bench). */
        public Settings runningLong() {
            return new Settings(baseDir, kafkaPorts, postgresPort, partitions, brokerHeap, durable, true);
        }

        public int brokers() {
            return kafkaPorts.size();
        }

        Path kafkaDir() {
            return kafkaDir(baseDir, brokers());
        }

        /** One node keeps its data in {@code kafka/} (as the dev stack always did), three in {@code kafka-3/}. */
        static Path kafkaDir(Path baseDir, int brokers) {
            return baseDir.resolve(brokers == 1 ? "kafka" : "kafka-" + brokers);
        }
    }

    private final KafkaCluster kafka;
    private final EmbeddedDatabase database;
    private final Settings settings;

    private DevInfrastructure(Settings s) {
        this.settings = s;
        this.kafka = new KafkaCluster(s.kafkaDir(), KafkaClusterSettings.of(s.brokers()), s.kafkaPorts(), s.partitions(), s.brokerHeap(),
                s.longRunning());
        this.database = new EmbeddedDatabase(s.baseDir().resolve("postgres"), s.postgresPort(), s.durable());
    }

    /** Starts the database and Kafka (in parallel: each takes seconds), then databases and topics. */
    public static DevInfrastructure start(Settings settings) {
        DevInfrastructure infra = new DevInfrastructure(settings);
        Thread db = Thread.ofPlatform().name("postgres-start").start(infra.database::start);
        infra.kafka.start();
        try {
            db.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        DATABASES.forEach(infra.database::createDatabaseIfMissing);
        KafkaTopics.ensure(infra.kafka.bootstrapServers(), Topic.allNames(), settings.partitions(), infra.kafka.settings());
        return infra;
    }

    /**
     * One instance for every test of this JVM, on free ports in a temporary directory; stopped at exit.
     * {@code -Dmultivector.tests.brokers=3} runs the three-node cluster (the drills do).
     */
    public static synchronized DevInfrastructure forTests() {
        if (forTests == null) {
            try {
                Path dir = Files.createTempDirectory("multivector-test-");
                boolean durable = Boolean.parseBoolean(System.getProperty("multivector.tests.durable", "true"));
                int brokers = Integer.parseInt(System.getProperty("multivector.tests.brokers", "1"));
                forTests = start(Settings.onFreePorts(dir, brokers, "512m", durable));
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

    public KafkaCluster kafka() {
        return kafka;
    }

    public EmbeddedDatabase database() {
        return database;
    }

    public Settings settings() {
        return settings;
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    public String jdbcUrl(String databaseName) {
        return database.jdbcUrl(databaseName);
    }

    @Override
    public void close() {
        try {
            kafka.stop();
        } finally {
            database.stop();
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
