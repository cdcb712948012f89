package io.multivector.devstack;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/**
 * Creates the catalogue's topics and their dead-letter twins as the cluster's settings say (replicas,
 * in-sync minimum, kept forever, the largest record), as compose's {@code kafka-init} does.
 */
public final class KafkaTopics {

    private KafkaTopics() {
    }

    public static void ensure(String bootstrapServers, List<String> topics, int partitions, KafkaClusterSettings cluster) {
        List<NewTopic> wanted = new ArrayList<>();
        for (String t : topics) {
            for (String name : List.of(t, t + ".dlq")) {
                wanted.add(new NewTopic(name, partitions, cluster.topicReplication()).configs(cluster.topicConfigs()));
            }
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.createTopics(wanted).values().forEach((name, f) -> {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("could not create topic " + name, e.getCause());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            });
        }
    }
}
