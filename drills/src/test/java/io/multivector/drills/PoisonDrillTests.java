package io.multivector.drills;

import com.fasterxml.jackson.databind.JsonNode;
import io.multivector.devstack.TopicFeed;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Records no projection can apply, written straight to a topic: each lands in the dead letters with
 * its reason, the projection keeps up with the good records around them, and a record refused for
 * an actor the reference data lacked applies on retry once an operator adds the actor.
 */
class PoisonDrillTests {

    static SystemUnderTest sut;

    @BeforeAll
    static void system() {
        sut = SystemUnderTest.get();
    }

    static String visit(String visitor, String host) {
        return """
                {"id":"%s","type":"visit.made","data":{"occurredOn":"2019-05-05","visitor":"Envoy","visitorActor":"%s",\
                "host":"%s","sources":[{"ref":"drill"}]}}""".formatted(UUID.randomUUID(), visitor, host);
    }

    @Test
    void poisonIsParkedWithItsReasonTheRestIsAppliedAndAFixedRecordAppliesOnRetry() throws Exception {
        sut.awaitCaughtUp("relations", Duration.ofMinutes(2));
        // each poisoned record spoils a good one as the relay would have published it, numbered in order
        Map<String, java.util.function.UnaryOperator<String>> poison = new LinkedHashMap<>();
        poison.put("not valid JSON", good -> good.substring(0, good.length() / 2));
        poison.put("treaty.ratified", good -> good.replace("\"type\":\"visit.made\"", "\"type\":\"treaty.ratified\""));
        poison.put("unknown actor code 'ASEAN'", good -> good.replace("\"visitorActor\":\"MC\"", "\"visitorActor\":\"ASEAN\"")
                .replace("\"subject\":\"MC~SM\"", "\"subject\":\"ASEAN~SM\""));
        poison.put("unknown actor code 'MERCOSUR'", good -> good.replace("\"visitorActor\":\"MC\"", "\"visitorActor\":\"MERCOSUR\"")
                .replace("\"subject\":\"MC~SM\"", "\"subject\":\"MERCOSUR~SM\""));
        poison.put("version 2 of visit.made", good -> good.replace("schema:visit.made:1", "schema:visit.made:2"));
        poison.put("String value length", good -> good.replace("\"visitor\":\"Envoy\"", "\"visitor\":\"Envoy\",\"purpose\":\""
                + "x".repeat(5 << 20) + "\""));
        long sequence = sut.reserveSequences(2 * poison.size());
        try (TopicFeed feed = new TopicFeed(sut.infra.bootstrapServers())) {
            for (var p : poison.values()) {
                String spoiled = p.apply(new String(feed.encodeStored(visit("MC", "SM"), sequence++), StandardCharsets.UTF_8));
                feed.send("geo.diplomacy.v1", "MC~SM", spoiled.getBytes(StandardCharsets.UTF_8));
                feed.send("geo.diplomacy.v1", "MC~SM", feed.encodeStored(visit("MC", "SM"), sequence++));
            }
        }
        // the projection keeps up: every good record after a poisoned one is applied
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(sut.get("/relations/MC/SM?asOf=2020").path("counts").path("visit.made").asInt()).isEqualTo(poison.size()));
        sut.awaitCaughtUp("relations", Duration.ofMinutes(1));

        List<JsonNode> parked = new ArrayList<>();
        sut.get("/admin/dead-letters?projection=relations&limit=500").path("items").forEach(parked::add);
        for (String reason : poison.keySet()) {
            assertThat(parked).as(reason).anyMatch(d -> d.path("reason").asText().contains(reason) && d.path("topic").asText().equals("geo.diplomacy.v1"));
        }
        Map<String, Integer> onDlqTopic = dlqReasons();
        for (String reason : poison.keySet()) {
            assertThat(onDlqTopic.keySet()).as(reason).anyMatch(r -> r.contains(reason));
        }

        String asean = parked.stream().filter(d -> d.path("reason").asText().contains("'ASEAN'")).findFirst().orElseThrow().path("id").asText();
        assertThat(sut.post("/admin/dead-letters/" + asean + "/retry", "application/json", "").statusCode()).isEqualTo(409);
        Path extra = Files.createTempFile("extra-actors", ".json");
        Files.writeString(extra, """
                {"actors":[{"code":"ASEAN","name":"Association of Southeast Asian Nations","kind":"organization","blocs":{"other":1.0}},
                {"code":"MERCOSUR","name":"Southern Common Market","kind":"organization","blocs":{"other":1.0}}]}""");
        sut.system.restartWith("relations-service", Map.of("MULTIVECTOR_EXTRA_ACTORS", extra.toString()));
        var retried = sut.post("/admin/dead-letters/" + asean + "/retry", "application/json", "");
        assertThat(retried.statusCode()).as(retried.body()).isEqualTo(200);
        assertThat(sut.get("/relations/ASEAN/SM?asOf=2020").path("counts").path("visit.made").asInt()).isEqualTo(1);
        assertThat(sut.post("/admin/dead-letters/" + asean + "/retry", "application/json", "").statusCode()).isEqualTo(409);

        // a clean build after the fix applies the other parked record from the topic; retrying it then adds nothing
        String mercosur = parked.stream().filter(d -> d.path("reason").asText().contains("'MERCOSUR'")).findFirst().orElseThrow().path("id").asText();
        sut.checksumOfACleanBuild("relations", Duration.ofMinutes(5));
        assertThat(sut.get("/relations/MERCOSUR/SM?asOf=2020").path("counts").path("visit.made").asInt()).isEqualTo(1);
        var afterRebuild = sut.post("/admin/dead-letters/" + mercosur + "/retry", "application/json", "");
        assertThat(afterRebuild.statusCode()).as(afterRebuild.body()).isEqualTo(200);
        assertThat(sut.get("/relations/MERCOSUR/SM?asOf=2020").path("counts").path("visit.made").asInt()).isEqualTo(1);
        assertThat(sut.get("/relations/ASEAN/SM?asOf=2020").path("counts").path("visit.made").asInt()).isEqualTo(1);
        System.out.printf("poison drill: %d records poisoned, %d parked with their reason (table and %s), %d good records around them"
                + " applied, 1 retried after the fix and applied, 1 applied by a clean build and not again by its retry%n", poison.size(), poison.size(), "geo.diplomacy.v1.dlq", poison.size());
    }

    /** Reason header → records on geo.diplomacy.v1.dlq. */
    static Map<String, Integer> dlqReasons() {
        Map<String, Integer> reasons = new LinkedHashMap<>();
        String topic = "geo.diplomacy.v1.dlq";
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, sut.infra.bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 16 << 20), new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    var h = r.headers().lastHeader("mv-dlq-reason");
                    reasons.merge(h == null ? "(none)" : new String(h.value(), StandardCharsets.UTF_8), 1, Integer::sum);
                }
            }
        }
        return reasons;
    }
}
