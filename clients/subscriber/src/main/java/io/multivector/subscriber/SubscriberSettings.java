package io.multivector.subscriber;

import io.multivector.events.Topic;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Where the subscriber reads and as whom.
 *
 * @param bootstrapServers the Kafka cluster, {@code host:port[,host:port...]}
 * @param groupId          the consumer group: its committed offsets are where a restarted subscriber resumes, and its
 *                         members share the topics' partitions
 * @param topics           the topics to read
 * @param pollTimeout      the longest one poll waits for records; also how soon {@link EventSubscriber#close()} is
 *                         noticed
 */
public record SubscriberSettings(String bootstrapServers, String groupId, List<String> topics, Duration pollTimeout) {

    public static final String DEFAULT_BOOTSTRAP_SERVERS = "127.0.0.1:9092";
    public static final String DEFAULT_GROUP_ID = "multivector-subscriber-example";
    public static final Duration DEFAULT_POLL_TIMEOUT = Duration.ofMillis(500);

    public SubscriberSettings {
        topics = List.copyOf(topics);
        if (topics.isEmpty()) {
            throw new IllegalArgumentException("no topic to subscribe to");
        }
    }

    /**
     * From environment variables, each with its default: {@code MULTIVECTOR_KAFKA} ({@value #DEFAULT_BOOTSTRAP_SERVERS},
     * as {@code ./multivector up} starts it), {@code MULTIVECTOR_SUBSCRIBER_GROUP} ({@value #DEFAULT_GROUP_ID}) and
     * {@code MULTIVECTOR_SUBSCRIBER_TOPICS} (comma-separated; every topic of {@link Topic}).
     */
    public static SubscriberSettings fromEnvironment(Map<String, String> env) {
        String topics = env.getOrDefault("MULTIVECTOR_SUBSCRIBER_TOPICS", "");
        return new SubscriberSettings(env.getOrDefault("MULTIVECTOR_KAFKA", DEFAULT_BOOTSTRAP_SERVERS),
                env.getOrDefault("MULTIVECTOR_SUBSCRIBER_GROUP", DEFAULT_GROUP_ID),
                topics.isBlank() ? Topic.allNames() : Arrays.stream(topics.split(",")).map(String::strip).toList(),
                DEFAULT_POLL_TIMEOUT);
    }
}
