package io.multivector.devstack;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/** Creates the catalogue's topics and their dead-letter twins, kept forever. */
public final class KafkaTopics {

    /**
     * Records up to 8 MiB: an event is far smaller (ingest refuses more than its limit), but a record
     * written straight to a topic may not be, and it must reach the projections' dead letters, not be
     * refused at the door where nobody sees it.
     */
    public static final int MAX_RECORD_BYTES = 8 << 20;

    private KafkaTopics() {
    }

    public static void ensure(String bootstrapServers, List<String> topics, int partitions) {
        List<NewTopic> wanted = new ArrayList<>();
        for (String t : topics) {
            for (String name : List.of(t, t + ".dlq")) {
                wanted.add(new NewTopic(name, partitions, (short) 1).configs(Map.of("retention.ms", "-1", "max.message.bytes", Integer.toString(MAX_RECORD_BYTES))));
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
