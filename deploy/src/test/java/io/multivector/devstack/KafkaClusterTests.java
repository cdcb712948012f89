package io.multivector.devstack;

import io.multivector.events.Topic;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The three-node cluster of {@code ./multivector up --brokers 3}: started from the Maven artifacts, its
 * topics as compose's kafka-init makes them (replicated on all three, min ISR 2), and writable while
 * one node is down.
 */
class KafkaClusterTests {

    static Path dir;
    static DevInfrastructure infra;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("multivector-cluster-test-");
        infra = DevInfrastructure.start(DevInfrastructure.Settings.onFreePorts(dir, 3, "384m", false));
    }

    @AfterAll
    static void stop() {
        if (infra != null) {
            infra.close();
        }
    }

    @Test
    void clientsBootstrapFromEveryNodeAndEachTopicIsOnAllThreeWithTwoInSync() throws Exception {
        List<String> addresses = List.of(infra.bootstrapServers().split(","));
        assertThat(addresses).hasSize(3).doesNotHaveDuplicates().allMatch(a -> a.matches("127\\.0\\.0\\.1:[0-9]+"));
        try (Admin admin = admin()) {
            assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS)).hasSize(3);
            List<String> names = Topic.allNames().stream().flatMap(t -> java.util.stream.Stream.of(t, t + ".dlq")).toList();
            Map<String, TopicDescription> topics = admin.describeTopics(names).allTopicNames().get(30, TimeUnit.SECONDS);
            assertThat(topics).hasSize(names.size());
            topics.values().forEach(t -> {
                assertThat(t.partitions()).as(t.name()).hasSize(6);
                t.partitions().forEach(p -> assertThat(p.replicas()).as(t.name() + "-" + p.partition()).hasSize(3));
            });
            ConfigResource diplomacy = new ConfigResource(ConfigResource.Type.TOPIC, Topic.allNames().getFirst());
            Config config = admin.describeConfigs(List.of(diplomacy)).all().get(30, TimeUnit.SECONDS).get(diplomacy);
            assertThat(config.get("min.insync.replicas").value()).isEqualTo("2");
            assertThat(config.get("retention.ms").value()).isEqualTo("-1");
        }
    }

    @Test
    void aWriteAcknowledgedByAllInSyncReplicasSucceedsWithOneNodeKilled() throws Exception {
        KafkaBroker victim = infra.kafka().node(3);
        victim.kill();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000), new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < 20; i++) {
                // keys on every partition, so some had their leader on the killed node
                producer.send(new ProducerRecord<>(Topic.allNames().getFirst(), "K" + i, "v")).get(60, TimeUnit.SECONDS);
            }
        } finally {
            victim.start();
        }
        assertThat(victim.isRunning()).isTrue();
    }

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers()));
    }
}
