package io.multivector.drills;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * PostgreSQL, the ingest service and the gateway killed (-9) while four clients post: a client sees a
 * 201 only for an event that is stored, a refusal only for one that is not, and a retry with the same
 * id of any event whose answer was lost answers 200 or 201 and stores it once.
 */
class CrashDrillTests {

    static final int CLIENTS = 4;
    static SystemUnderTest sut;

    @BeforeAll
    static void system() {
        sut = SystemUnderTest.get();
    }

    @Test
    void aKilledDatabaseKeepsEveryAcknowledgedEventAndNoRefusedOne() throws Exception {
        AcknowledgedWrites writes = AcknowledgedWrites.start(sut, "FJ", "WS", CLIENTS);
        long recoveredMillis;
        try (writes) {
            await().atMost(Duration.ofSeconds(60)).until(() -> writes.acknowledgedCount() >= 100);
            sut.infra.database().kill();
            long killed = System.nanoTime();
            await().atMost(Duration.ofSeconds(60)).until(() -> writes.unacknowledgedCount() >= CLIENTS);
            sut.infra.database().start();
            int atRestart = writes.acknowledgedCount();
            await().atMost(Duration.ofMinutes(2)).until(() -> writes.acknowledgedCount() >= atRestart + 100);
            recoveredMillis = (System.nanoTime() - killed) / 1_000_000;
        }
        ending("database", writes, recoveredMillis);
    }

    @Test
    void aKilledIngestServiceNeverAcknowledgesWhatItDidNotStore() throws Exception {
        // four clients keep the writer's group commits going: the kill lands in or between them
        killAndRestartUnderWrites("ingest-service", "ingest", "KN", "LC");
    }

    @Test
    void aKilledGatewayNeverAcknowledgesWhatIsNotStored() throws Exception {
        killAndRestartUnderWrites("gateway", "gateway", "BS", "JM");
    }

    /** Kills {@code module} once 200 events are acknowledged, restarts it, and waits for 100 more. */
    private static void killAndRestartUnderWrites(String module, String drill, String visitor, String host) throws Exception {
        AcknowledgedWrites writes = AcknowledgedWrites.start(sut, visitor, host, CLIENTS);
        long recoveredMillis;
        try (writes) {
            await().atMost(Duration.ofSeconds(60)).until(() -> writes.acknowledgedCount() >= 200);
            long killed = System.nanoTime();
            sut.system.killAndRestart(module);
            int atRestart = writes.acknowledgedCount();
            await().atMost(Duration.ofMinutes(2)).until(() -> writes.acknowledgedCount() >= atRestart + 100);
            recoveredMillis = (System.nanoTime() - killed) / 1_000_000;
        }
        ending(drill, writes, recoveredMillis);
    }

    /** Refused events are not stored; lost answers are retried with their ids; then the common ending. */
    private static void ending(String drill, AcknowledgedWrites writes, long recoveredMillis) throws Exception {
        Set<UUID> refused = writes.refused();
        assertThat(sut.storedCopies(refused.stream().map(UUID::toString).toList())).as("no refused event is stored").isEmpty();
        Set<UUID> unknown = writes.unknown();
        int acknowledgedLive = writes.acknowledgedCount();
        int alreadyStored = writes.retryUntilAcknowledged(unknown);
        Set<String> all = new HashSet<>(writes.acknowledgedIds());
        assertThat(all).hasSize(acknowledgedLive + unknown.size());
        TopicAudit audit = DrillEnding.check(sut, writes);
        System.out.printf("%s drill: killed -9, writes acknowledged again %d ms later; %d acknowledged, %d refused (none stored),"
                        + " %d answers lost, retried with their ids: %d answered 200 (stored before), %d answered 201;"
                        + " on the topic %d, each once, in stream-version order; checksum equals a clean build%n",
                drill, recoveredMillis, acknowledgedLive, refused.size(), unknown.size(), alreadyStored, unknown.size() - alreadyStored,
                audit.copies().size());
    }
}
