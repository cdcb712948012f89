package io.multivector.drills;

import com.fasterxml.jackson.databind.JsonNode;
import io.multivector.devstack.TopicFeed;
import io.multivector.events.catalogue.CatalogueRules;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The relations projector killed (-9) in the middle of a 200k-event replay, in the middle of a
 * rebuild, and rewound by 10k records: every time the read model ends exactly as a clean build.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProjectorCrashDrillTests {

    static final int EVENTS = 200_000;
    static final long SEED = 20261125L;
    private static final Pattern PAIR = Pattern.compile("\"visitorActor\":\"(\\w+)\",\"host\":\"(\\w+)\"");
    static SystemUnderTest sut;
    static String cleanChecksum;

    @BeforeAll
    static void system() {
        sut = SystemUnderTest.get();
    }

    static long storedTotal() {
        long sum = 0;
        for (JsonNode s : sut.get("/admin/projections?projection=relations").path("items")) {
            for (JsonNode p : s.path("partitions")) {
                sum += p.path("storedOffset").asLong();
            }
        }
        return sum;
    }

    @Test
    @Order(1)
    void killedMidReplayItResumesFromItsStoredOffsetsAndEndsAsACleanBuild() throws Exception {
        sut.awaitCaughtUp("relations", Duration.ofMinutes(2));
        long before = storedTotal();
        // other drills may have put AR~BR visits on the topic already
        long arBrBefore = sut.get("/relations/AR/BR?asOf=2030").path("counts").path("visit.made").asLong();
        List<String> events = SyntheticVisits.generate(SEED, EVENTS);
        long expectedArBr = 0;
        try (TopicFeed feed = new TopicFeed(sut.infra.bootstrapServers())) {
            long sequence = sut.reserveSequences(events.size());
            for (String e : events) {
                Matcher m = PAIR.matcher(e);
                m.find();
                String stream = CatalogueRules.pair(m.group(1), m.group(2));
                if (stream.equals("AR~BR")) {
                    expectedArBr++;
                }
                feed.sendLater("geo.diplomacy.v1", stream, feed.encodeStored(e, sequence++));
            }
            feed.flush();
        }
        // mid-replay: some of the load applied, not all of it
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(100))
                .until(() -> storedTotal() > before + EVENTS / 10);
        long atKill = storedTotal();
        sut.system.killAndRestart("relations-service");
        assertThat(atKill - before).isLessThan(EVENTS);
        long restarted = System.nanoTime();
        sut.awaitCaughtUp("relations", Duration.ofMinutes(10));
        double catchUp = (System.nanoTime() - restarted) / 1e9;
        assertThat(storedTotal()).isEqualTo(before + EVENTS);
        assertThat(sut.get("/relations/AR/BR?asOf=2030").path("counts").path("visit.made").asLong()).isEqualTo(arBrBefore + expectedArBr);

        String afterCrash = sut.checksum("relations");
        long rebuildStart = System.nanoTime();
        cleanChecksum = sut.checksumOfACleanBuild("relations", Duration.ofMinutes(10));
        double rebuild = (System.nanoTime() - rebuildStart) / 1e9;
        assertThat(afterCrash).isEqualTo(cleanChecksum);
        long total = storedTotal();
        System.out.printf("crash drill: %d events fed; killed with %d of them applied; caught up %.1f s after the restart;"
                + " clean rebuild of all %d records in %.1f s (%.0f records/s); checksums equal%n",
                EVENTS, atKill - before, catchUp, total, rebuild, total / rebuild);
    }

    @Test
    @Order(2)
    void killedMidRebuildTheServingCopyIsUntouchedAndTheNextRebuildEndsTheSame() throws Exception {
        assertThat(cleanChecksum).as("the replay drill ran first").isNotNull();
        String serving = sut.get("/admin/projections?projection=relations").path("items").get(0).path("servingSchema").asText();
        assertThat(sut.post("/admin/projections/relations/rebuild", "application/json", "").statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> !sut.get("/admin/projections?projection=relations")
                .path("items").get(0).path("rebuildingInto").isNull());
        sut.system.killAndRestart("relations-service");
        JsonNode status = sut.get("/admin/projections?projection=relations").path("items").get(0);
        assertThat(status.path("servingSchema").asText()).isEqualTo(serving);
        assertThat(sut.checksum("relations")).isEqualTo(cleanChecksum);
        assertThat(sut.checksumOfACleanBuild("relations", Duration.ofMinutes(10))).isEqualTo(cleanChecksum);
    }

    @Test
    @Order(3)
    void rewoundBy10kRecordsNoAnswerChanges() throws Exception {
        assertThat(cleanChecksum).as("the replay drill ran first").isNotNull();
        String dyadBefore = dyad();
        JsonNode status = sut.get("/admin/projections?projection=relations").path("items").get(0);
        String schema = status.path("servingSchema").asText();
        sut.system.stop("relations-service");
        int rewound;
        try (Connection c = sut.database("relations");
             PreparedStatement ps = c.prepareStatement("update " + schema + ".consumer_offsets set next_offset = greatest(0, next_offset - ?)"
                     + " where topic = 'geo.diplomacy.v1'")) {
            // six partitions: 1,667 each rewinds just over 10k records in all
            ps.setLong(1, 1_667);
            rewound = ps.executeUpdate();
        }
        assertThat(rewound).isEqualTo(6);
        sut.system.start("relations-service", sut.system.service("relations-service").port());
        sut.awaitCaughtUp("relations", Duration.ofMinutes(5));
        assertThat(dyad()).isEqualTo(dyadBefore);
        assertThat(sut.checksum("relations")).isEqualTo(cleanChecksum);
    }

    /** The drill's dyad, less the time it was read at (its knownAt echo, when none is asked for). */
    private static String dyad() {
        com.fasterxml.jackson.databind.node.ObjectNode answer = (com.fasterxml.jackson.databind.node.ObjectNode) sut.get("/relations/AR/BR?asOf=2030");
        assertThat(answer.remove("knownAt")).as("the answer says when it was read").isNotNull();
        return answer.toString();
    }
}
