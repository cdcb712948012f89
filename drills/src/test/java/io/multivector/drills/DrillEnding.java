package io.multivector.drills;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * How every drill that writes ends: every acknowledged event stored once, on its topic exactly once and
 * in stream-version order, counted once by the read model, whose checksum equals a clean rebuild's.
 */
final class DrillEnding {

    static final String TOPIC = "geo.diplomacy.v1";

    private DrillEnding() {
    }

    /** Checks the ending for the visits {@code writes} made; returns the audit of their stream. */
    static TopicAudit check(SystemUnderTest sut, AcknowledgedWrites writes) throws SQLException {
        List<String> ids = writes.acknowledgedIds();
        assertThat(sut.storedCopies(ids)).as("every acknowledged event is stored, once").hasSize(ids.size()).allSatisfy((id, n) -> assertThat(n).isEqualTo(1));
        String key = writes.stream();
        TopicAudit[] audit = new TopicAudit[1];
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            audit[0] = TopicAudit.of(sut.infra.bootstrapServers(), TOPIC, key);
            assertThat(audit[0].copies().keySet()).containsAll(ids);
        });
        assertThat(audit[0].hasEachOnce(ids)).as("every acknowledged event on the topic exactly once: " + audit[0].copies()).isTrue();
        assertThat(audit[0].copies()).as("nothing on the topic that was not acknowledged").hasSize(ids.size());
        assertThat(audit[0].inStreamVersionOrder()).as("in stream-version order: " + audit[0].streamVersions()).isTrue();
        sut.awaitCaughtUp("relations", Duration.ofMinutes(3));
        assertThat(sut.get("/relations/" + writes.visitor() + "/" + writes.host() + "?asOf=2021").path("counts").path("visit.made").asInt())
                .as("the read model counts each once").isEqualTo(ids.size());
        String checksum = sut.checksum("relations");
        assertThat(sut.checksumOfACleanBuild("relations", Duration.ofMinutes(10))).as("checksum of a clean rebuild").isEqualTo(checksum);
        return audit[0];
    }
}
