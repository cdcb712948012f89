package io.multivector.drills;

import com.fasterxml.jackson.databind.JsonNode;
import io.multivector.devstack.ServiceProcess;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances of each projector in one consumer group: they split the partitions, the gateway
 * spreads reads over both, and the read models end exactly as a single instance builds them.
 */
class ScaleOutDrillTests {

    static final int EVENTS = 50_000;
    static SystemUnderTest sut;

    @BeforeAll
    static void system() {
        sut = SystemUnderTest.get();
    }

    /** 50k events: visits (relations) and trade reports (trade), fixed by a seed. */
    static List<String> events() {
        List<String> out = new ArrayList<>(SyntheticVisits.generate(424242L, EVENTS * 4 / 5));
        Random random = new Random(7);
        String[] reporters = {"AR", "BR", "CL", "MX", "ZA", "AU", "NZ", "CA"};
        for (int i = out.size(); i < EVENTS; i++) {
            String reporter = reporters[random.nextInt(reporters.length)];
            String partner;
            do {
                partner = reporters[random.nextInt(reporters.length)];
            } while (partner.equals(reporter));
            out.add("""
                    {"id":"%s","type":"trade.reported","data":{"occurredOn":"%d","reporter":"%s","partner":"%s","period":"%d",\
                    "exportsUsd":%d,"importsUsd":%d,"sources":[{"ref":"drill"}]}}""".formatted(new java.util.UUID(99, i),
                    1990 + random.nextInt(34), reporter, partner, 1990 + random.nextInt(34),
                    1_000_000L + random.nextInt(1_000_000_000), 1_000_000L + random.nextInt(1_000_000_000)));
        }
        return out;
    }

    static Set<String> consumedBy(String baseUrl, String projection) {
        Set<String> held = new HashSet<>();
        for (JsonNode s : sut.getDirect(baseUrl, "/admin/projections").path("items")) {
            if (s.path("name").asText().equals(projection)) {
                s.path("partitions").forEach(p -> {
                    if (p.path("consumedHere").asBoolean()) {
                        held.add(p.path("topic").asText() + "-" + p.path("partition").asInt());
                    }
                });
            }
        }
        return held;
    }

    static int partitionsOf(String baseUrl, String projection) {
        for (JsonNode s : sut.getDirect(baseUrl, "/admin/projections").path("items")) {
            if (s.path("name").asText().equals(projection)) {
                return s.path("partitions").size();
            }
        }
        return 0;
    }

    static double requestsServed(String baseUrl, String uriTemplate) {
        HttpResponse<String> r = sut.send(HttpRequest.newBuilder(URI.create(baseUrl + "/q/metrics")).GET());
        return r.body().lines().filter(l -> l.startsWith("http_server_requests_seconds_count") && l.contains("uri=\"" + uriTemplate + "\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    @Test
    void twoInstancesSplitThePartitionsAndBuildWhatOneBuilds() throws Exception {
        ServiceProcess relations2 = sut.system.startAnother("relations-service");
        ServiceProcess trade2 = sut.system.startAnother("trade-service");
        try {
            String relations1 = sut.system.service("relations-service").url();
            String trade1 = sut.system.service("trade-service").url();
            sut.system.restartWith("gateway", Map.of("MULTIVECTOR_RELATIONS_URLS", relations1 + "," + relations2.url(),
                    "MULTIVECTOR_TRADE_URLS", trade1 + "," + trade2.url()));
            StringBuilder split = new StringBuilder();
            for (var pair : List.of(List.of(relations1, relations2.url(), "relations"), List.of(trade1, trade2.url(), "trade"))) {
                await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).ignoreExceptions().untilAsserted(() -> {
                    Set<String> first = consumedBy(pair.get(0), pair.get(2));
                    Set<String> second = consumedBy(pair.get(1), pair.get(2));
                    assertThat(first).as("the first instance holds some").isNotEmpty();
                    assertThat(second).as("the second instance holds some").isNotEmpty();
                    assertThat(first).doesNotContainAnyElementsOf(second);
                    assertThat(first.size() + second.size()).isEqualTo(partitionsOf(pair.get(0), pair.get(2)));
                });
                split.append(pair.get(2)).append(' ').append(consumedBy(pair.get(0), pair.get(2)).size()).append('+')
                        .append(consumedBy(pair.get(1), pair.get(2)).size()).append(" partitions; ");
            }

            List<String> events = events();
            for (int from = 0; from < events.size(); from += 10_000) {
                var r = sut.post("/events", "application/x-ndjson", String.join("\n", events.subList(from, Math.min(events.size(), from + 10_000))));
                assertThat(r.statusCode()).as(r.body()).isIn(200, 201);
            }
            sut.awaitCaughtUp("relations", Duration.ofMinutes(10));
            sut.awaitCaughtUp("trade", Duration.ofMinutes(10));
            for (int i = 0; i < 20; i++) {
                sut.get("/relations/AR/BR?asOf=2030");
            }
            assertThat(requestsServed(relations1, "/relations/{a}/{b}")).isGreaterThan(0);
            assertThat(requestsServed(relations2.url(), "/relations/{a}/{b}")).isGreaterThan(0);
            String relationsChecksum = sut.checksum("relations");
            String tradeChecksum = sut.checksum("trade");

            relations2.close();
            trade2.close();
            sut.system.restartWith("gateway", Map.of());
            assertThat(sut.checksumOfACleanBuild("relations", Duration.ofMinutes(10))).isEqualTo(relationsChecksum);
            assertThat(sut.checksumOfACleanBuild("trade", Duration.ofMinutes(10))).isEqualTo(tradeChecksum);
            System.out.printf("scale-out drill: %s%d events through the gateway; reads served by both instances;"
                    + " both checksums equal a single-instance rebuild%n", split, EVENTS);
        } finally {
            relations2.close();
            trade2.close();
        }
    }
}
