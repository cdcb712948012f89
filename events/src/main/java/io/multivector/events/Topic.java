package io.multivector.events;

import java.util.Arrays;
import java.util.List;

/** The Kafka topics of the catalogue. Every topic has a dead-letter twin, {@code <name>.dlq}. */
public enum Topic {
    DIPLOMACY("geo.diplomacy.v1"),
    POLITICS("geo.politics.v1"),
    SECURITY("geo.security.v1"),
    TRADE("geo.trade.v1"),
    /** Machine-coded interactions from event datasets, apart from the curated facts. */
    CODED("geo.coded.v1");

    /** The partitions of each topic and its dead-letter twin as Multivector creates them: the records of a stream share one. */
    public static final int PARTITIONS = 6;

    private final String topicName;

    Topic(String topicName) {
        this.topicName = topicName;
    }

    public String topicName() {
        return topicName;
    }

    public String deadLetterTopicName() {
        return topicName + ".dlq";
    }

    public static List<String> allNames() {
        return Arrays.stream(values()).map(Topic::topicName).toList();
    }

    public static Topic ofName(String name) {
        for (Topic t : values()) {
            if (t.topicName.equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown topic " + name);
    }
}
