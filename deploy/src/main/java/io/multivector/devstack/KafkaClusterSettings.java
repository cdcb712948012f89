package io.multivector.devstack;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What every broker of a dev stack is set to, and how its topics are created: either one node
 * (replication 1, as the dev stack and most tests run) or the three-node cluster of
 * {@code deploy/kafka/cluster.env}, the file {@code docker-compose.yml} gives its nodes and its
 * {@code kafka-init} too, so the two cannot drift apart.
 *
 * @param nodes             how many broker/controller nodes
 * @param brokerProperties  server.properties every node shares (per-node ones are set by {@link KafkaBroker})
 * @param topicReplication  replicas of each topic
 * @param topicConfigs      each topic's configuration
 */
public record KafkaClusterSettings(int nodes, Map<String, String> brokerProperties, short topicReplication,
                                   Map<String, String> topicConfigs) {

    static final String CLUSTER_FILE = "multivector/kafka/cluster.env";

    /** The cluster of {@code cluster.env}. */
    public static KafkaClusterSettings threeNodes() {
        Map<String, String> env = readEnvFile(CLUSTER_FILE);
        Map<String, String> broker = new LinkedHashMap<>();
        env.forEach((name, value) -> {
            if (name.startsWith("KAFKA_")) {
                broker.put(propertyName(name), value);
            }
        });
        return new KafkaClusterSettings(3, broker, Short.parseShort(required(env, "TOPIC_REPLICATION_FACTOR")),
                configs(required(env, "TOPIC_CONFIGS")));
    }

    /**
     * One node: the cluster's settings with every replication factor and in-sync minimum at 1 (a write
     * needs the one replica there is), and a smaller offsets topic, which starts faster.
     */
    public static KafkaClusterSettings singleNode() {
        KafkaClusterSettings cluster = threeNodes();
        Map<String, String> broker = new LinkedHashMap<>();
        cluster.brokerProperties().forEach((name, value) -> broker.put(name, replicaCount(name) ? "1" : value));
        broker.put("offsets.topic.num.partitions", "6");
        Map<String, String> topics = new LinkedHashMap<>();
        cluster.topicConfigs().forEach((name, value) -> topics.put(name, replicaCount(name) ? "1" : value));
        return new KafkaClusterSettings(1, broker, (short) 1, topics);
    }

    private static boolean replicaCount(String property) {
        return property.endsWith("replication.factor") || property.endsWith("min.isr") || property.equals("min.insync.replicas");
    }

    /** 1 or 3 nodes; anything else is refused (a two-node quorum survives no failure). */
    public static KafkaClusterSettings of(int nodes) {
        return switch (nodes) {
            case 1 -> singleNode();
            case 3 -> threeNodes();
            default -> throw new IllegalArgumentException("a dev stack runs 1 or 3 Kafka nodes, not " + nodes);
        };
    }

    /** The largest record a topic takes, as its configuration says. */
    public int maxRecordBytes() {
        return Integer.parseInt(topicConfigs.get("max.message.bytes"));
    }

    /** KAFKA_MIN_INSYNC_REPLICAS → min.insync.replicas, the apache/kafka image's rule (___ is '-', __ is '_'). */
    static String propertyName(String envName) {
        return envName.substring("KAFKA_".length()).toLowerCase(Locale.ROOT)
                .replace("___", "-").replace("__", "\u0000").replace('_', '.').replace('\u0000', '_');
    }

    static Map<String, String> configs(String commaSeparated) {
        Map<String, String> configs = new LinkedHashMap<>();
        for (String pair : commaSeparated.split(",")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new IllegalStateException("TOPIC_CONFIGS in " + CLUSTER_FILE + ": '" + pair + "' is not name=value");
            }
            configs.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
        return configs;
    }

    /** KEY=VALUE lines, blank lines and # comments, as compose reads an env_file (no quoting used). */
    static Map<String, String> readEnvFile(String resource) {
        try (InputStream in = KafkaClusterSettings.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing: build the deploy module first");
            }
            Map<String, String> env = new LinkedHashMap<>();
            BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                String l = line.strip();
                if (l.isEmpty() || l.startsWith("#")) {
                    continue;
                }
                int eq = l.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalStateException(resource + ": '" + l + "' is not NAME=value");
                }
                env.put(l.substring(0, eq), l.substring(eq + 1));
            }
            return env;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String required(Map<String, String> env, String name) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            throw new IllegalStateException(CLUSTER_FILE + " does not set " + name);
        }
        return v;
    }
}
