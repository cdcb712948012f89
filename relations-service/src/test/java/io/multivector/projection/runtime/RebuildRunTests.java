package io.multivector.projection.runtime;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class RebuildRunTests {

    private static List<TopicPartition> topics(int... sizes) {
        List<TopicPartition> all = new ArrayList<>();
        for (int t = 0; t < sizes.length; t++) {
            for (int p = 0; p < sizes[t]; p++) {
                all.add(new TopicPartition("topic" + t, p));
            }
        }
        return all;
    }

    @Test
    void sharesSplitEveryPartitionOnceAndKeepAPartitionNumberTogetherAcrossTopics() {
        List<TopicPartition> all = topics(6, 6, 6);
        Set<TopicPartition> seen = new HashSet<>();
        for (int share = 0; share < 4; share++) {
            List<TopicPartition> mine = RebuildRun.share(all, share, 4);
            for (TopicPartition tp : mine) {
                assertThat(seen.add(tp)).as("%s read by one worker only", tp).isTrue();
                // a stream's events are on partition n of every topic: all of them in this share
                for (int t = 0; t < 3; t++) {
                    assertThat(mine).contains(new TopicPartition("topic" + t, tp.partition()));
                }
            }
        }
        assertThat(seen).containsExactlyInAnyOrderElementsOf(all);
        assertThat(RebuildRun.share(all, 0, 1)).isEqualTo(all);
    }

    @Test
    void topicsOfUnequalSizeAreReadWholeByTheFirstWorker() {
        List<TopicPartition> all = topics(6, 3);
        assertThat(RebuildRun.share(all, 0, 2)).isEqualTo(all);
        assertThat(RebuildRun.share(all, 1, 2)).isEmpty();
    }
}
