package io.multivector.drills;

import io.multivector.devstack.KafkaBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Brokers of the three-node cluster killed (-9) under a steady stream of POSTs: the store is the system
 * of record, so every POST is still answered 201, and the relay publishes each acknowledged event once,
 * in order, when the cluster can take it again.
 */
class ClusterDrillTests {

    static SystemUnderTest sut;

    @BeforeAll
    static void system() {
        sut = SystemUnderTest.get();
        assertThat(sut.infra.kafka().nodes()).as("the drills run on the three-node cluster (multivector.tests.brokers)").hasSize(3);
    }

    @Test
    void killingTheLeaderOfTheBusiestPartitionLosesAndDoublesNothing() throws Exception {
        KafkaBroker leader;
        long electionMillis;
        AcknowledgedWrites writes = AcknowledgedWrites.start(sut, "AD", "VA", 2);
        String key = writes.stream();
        try (writes; Admin admin = admin()) {
            await().atMost(Duration.ofSeconds(60)).until(() -> writes.acknowledgedCount() >= 100);
            // the drill's stream is the busiest: it is the only one being written
            int partition = TopicAudit.partitionOf(key, partitionsOf(admin).size());
            int leaderId = partitionsOf(admin).get(partition).leader().id();
            leader = sut.infra.kafka().node(leaderId);
            leader.kill();
            long killed = System.nanoTime();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(() -> {
                Node l = partitionsOf(admin).get(partition).leader();
                return l != null && l.id() != leaderId;
            });
            electionMillis = (System.nanoTime() - killed) / 1_000_000;
            int atElection = writes.acknowledgedCount();
            await().atMost(Duration.ofSeconds(60)).until(() -> writes.acknowledgedCount() >= atElection + 100);
            leader.start();
        }
        assertThat(writes.unacknowledgedCount()).as("no POST refused or lost while the leader died").isZero();
        long longestPause = writes.longestPauseMillis();
        TopicAudit audit = DrillEnding.check(sut, writes);
        System.out.printf("leader drill: node %d (leader of %s's partition) killed; new leader after %d ms; %d events acknowledged,"
                        + " 0 refused, longest pause between acknowledgements %d ms; on the topic %d, each once, in stream-version order;"
                        + " checksum equals a clean build%n",
                leader.nodeId(), key, electionMillis, writes.acknowledgedIds().size(), longestPause, audit.copies().size());
    }

    @Test
    void withTwoOfThreeBrokersDeadPostsAreStillAcknowledgedAndPublishedOnceABrokerIsBack() throws Exception {
        List<KafkaBroker> victims = sut.infra.kafka().nodes().subList(1, 3);
        AcknowledgedWrites writes = AcknowledgedWrites.start(sut, "BT", "NP", 2);
        int duringOutage;
        long recoveredMillis;
        try (writes) {
            await().atMost(Duration.ofSeconds(60)).until(() -> writes.acknowledgedCount() >= 50);
            victims.forEach(KafkaBroker::kill);
            int atKill = writes.acknowledgedCount();
            // the store takes writes with no quorum of brokers at all
            await().atMost(Duration.ofSeconds(60)).until(() -> writes.acknowledgedCount() >= atKill + 200);
            duringOutage = writes.acknowledgedCount() - atKill;
            victims.getFirst().start();
            long back = System.nanoTime();
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions().until(() ->
                    TopicAudit.of(sut.infra.bootstrapServers(), DrillEnding.TOPIC, writes.stream()).copies().size()
                            >= atKill + duringOutage);
            recoveredMillis = (System.nanoTime() - back) / 1_000_000;
        } finally {
            victims.forEach(KafkaBroker::start);
        }
        assertThat(writes.unacknowledgedCount()).as("no POST refused or lost with two brokers dead").isZero();
        assertThat(duringOutage).isGreaterThanOrEqualTo(200);
        TopicAudit audit = DrillEnding.check(sut, writes);
        System.out.printf("two-brokers drill: nodes 2 and 3 killed; %d events acknowledged while only one broker ran, %d in all, 0 refused;"
                        + " published %d ms after a second broker was back; on the topic %d, each once, in stream-version order;"
                        + " checksum equals a clean build%n",
                duringOutage, writes.acknowledgedIds().size(), recoveredMillis, audit.copies().size());
    }

    private static List<TopicPartitionInfo> partitionsOf(Admin admin) throws Exception {
        return admin.describeTopics(List.of(DrillEnding.TOPIC)).allTopicNames().get(10, TimeUnit.SECONDS).get(DrillEnding.TOPIC).partitions();
    }

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, sut.infra.bootstrapServers()));
    }
}
