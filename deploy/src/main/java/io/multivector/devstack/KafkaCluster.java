package io.multivector.devstack;

import org.apache.kafka.common.Uuid;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The dev stack's Kafka: one KRaft node, or three ({@code ./multivector up --brokers 3}, the drills) set
 * as {@code deploy/kafka/cluster.env} says, each in its own JVM, all in one directory that survives
 * restarts. Clients bootstrap from the list of every node, so any survivor will do.
 */
public final class KafkaCluster {

    private final KafkaClusterSettings settings;
    private final List<KafkaBroker> nodes;

    /**
     * @param dir         the cluster's directory: the node's own with one node (as the dev stack always had it),
     *                    {@code node-N} below it with several
     * @param ports       one entry per node
     * @param longRunning the nodes get the JIT of a long-running JVM ({@link DevInfrastructure.Settings#longRunning()})
     */
    public KafkaCluster(Path dir, KafkaClusterSettings settings, List<KafkaBroker.Ports> ports, int partitions, String heap,
                        boolean longRunning) {
        if (ports.size() != settings.nodes()) {
            throw new IllegalArgumentException(settings.nodes() + " nodes need as many ports, not " + ports.size());
        }
        this.settings = settings;
        String clusterId = clusterId(dir);
        String voters = java.util.stream.IntStream.range(0, ports.size())
                .mapToObj(i -> (i + 1) + "@127.0.0.1:" + ports.get(i).controller()).collect(Collectors.joining(","));
        List<KafkaBroker> n = new ArrayList<>();
        for (int i = 0; i < ports.size(); i++) {
            Path nodeDir = ports.size() == 1 ? dir : dir.resolve("node-" + (i + 1));
            n.add(new KafkaBroker(nodeDir, i + 1, ports.get(i), voters, settings.brokerProperties(), clusterId, partitions, heap,
                    longRunning));
        }
        this.nodes = List.copyOf(n);
    }

    public KafkaClusterSettings settings() {
        return settings;
    }

    public List<KafkaBroker> nodes() {
        return nodes;
    }

    /** The node with this id (1-based, as Kafka's metadata names it). */
    public KafkaBroker node(int nodeId) {
        return nodes.get(nodeId - 1);
    }

    /** Every node's address, for a client to bootstrap from any of them. */
    public String bootstrapServers() {
        return nodes.stream().map(KafkaBroker::bootstrapServers).collect(Collectors.joining(","));
    }

    /** Starts every node that is not running, then waits until each answers. */
    public void start() {
        nodes.forEach(KafkaBroker::launch);
        nodes.forEach(KafkaBroker::awaitReady);
    }

    /**
     * Stops every node cleanly, all at once: a node stopped after the others would wait for a quorum
     * that is gone before it gave up.
     */
    public void stop() {
        nodes.forEach(KafkaBroker::requestStop);
        nodes.forEach(KafkaBroker::awaitStopped);
    }

    /** The id all nodes are formatted with: made once, kept in the cluster's directory. */
    private static String clusterId(Path dir) {
        try {
            Files.createDirectories(dir);
            Path idFile = dir.resolve("cluster.id");
            if (!Files.exists(idFile)) {
                Files.writeString(idFile, Uuid.randomUuid().toString());
            }
            return Files.readString(idFile).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
