package io.multivector.projection.readmodel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.multivector.projection.runtime.AnswerReach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An answer kept as JSON and served again says it is known now: every {@code knownAt} value, wherever it is, becomes
 * the moment it is served; nothing else changes. The oracle sets them in the parsed tree.
 */
class CachedAnswersTests {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @Test
    void everyKnownAtOfAKeptAnswerIsRenewedAndNothingElse() throws Exception {
        SplittableRandom r = new SplittableRandom(14);
        for (int i = 0; i < 2_000; i++) {
            JsonNode answer = node(r, 0);
            Instant then = Instant.ofEpochMilli(r.nextLong(0, 4_000_000_000_000L));
            byte[] json = JSON.writeValueAsBytes(answer);
            CachedAnswers.Answer kept = CachedAnswers.Answer.knownNow(json, "application/json");
            assertThat(JSON.readTree(kept.jsonAt(then))).as("answer %d: %s", i, answer).isEqualTo(renewed(answer.deepCopy(), then.toString()));
        }
    }

    @Test
    void anAnswerWithoutKnownAtIsServedAsItWasKept() {
        byte[] json = "{\"a\":\"KZ\",\"note\":\"\\\"knownAt\\\":\\\"then\\\"\"}".getBytes();
        assertThat(CachedAnswers.Answer.knownNow(json, "application/json").jsonAt(Instant.EPOCH)).isSameAs(json);
    }

    private static ReadModelTag.Tag tag(String schema, long version) {
        return new ReadModelTag.Tag(List.of(new ReadModelTag.Position(schema, version)), LocalDate.of(2026, 12, 7));
    }

    private static CachedAnswers.Answer answer(int bytes) {
        return new CachedAnswers.Answer(new byte[bytes], "application/json", new int[0]);
    }

    @Test
    void keptAnswersStayWithinTheirBytesAndANewTagDropsThoseAboutEverything() {
        AtomicReference<ReadModelTag.Tag> tag = new AtomicReference<>(tag("g1", 1));
        CachedAnswers answers = new CachedAnswers(tag::get, (schema, from, to) -> AnswerReach.NONE, 64 * 1024);
        for (int i = 0; i < 100; i++) {
            assertThat(answers.keep(tag.get(), "/q" + i, null, answer(4096))).isTrue();
        }
        long kept = IntStream.range(0, 100).filter(i -> answers.get(tag.get(), "/q" + i) != null).count();
        // what stays is the eviction policy's choice (it may keep the first ones over newer ones asked as often)
        assertThat(kept).as("within 64 KiB, and not empty").isBetween(1L, 16L);
        ReadModelTag.Tag before = tag.get();
        tag.set(tag("g1", 2));
        assertThat(answers.keep(tag.get(), "/q0", null, answer(1))).isTrue();
        assertThat(answers.keep(before, "/late", null, answer(1))).as("computed under a tag no longer current").isFalse();
        assertThat(IntStream.range(1, 100).filter(i -> answers.get(tag.get(), "/q" + i) != null))
                .as("answers about everything hold at their own tag only, even when the batch since reached nobody").isEmpty();
        assertThat(answers.get(tag.get(), "/q0").json()).hasSize(1);
    }

    @Test
    void anAnswerAboutActorsHoldsUntilABatchReachesOneOfThem() {
        // what each version's batch reached: 2 other actors, 3 one of the pair, 5 unknown (a notification missed)
        Map<Long, AnswerReach> batches = Map.of(2L, AnswerReach.actors(List.of("BW", "NA")), 3L, AnswerReach.actors(List.of("SZ")),
                4L, AnswerReach.NONE, 6L, AnswerReach.actors(List.of("XX")));
        CachedAnswers.Reaches reaches = (schema, from, to) -> {
            AnswerReach all = AnswerReach.NONE;
            for (long v = from + 1; v <= to; v++) {
                all = all.and(batches.getOrDefault(v, AnswerReach.EVERY_ANSWER));
            }
            return to < from ? AnswerReach.EVERY_ANSWER : all;
        };
        AtomicReference<ReadModelTag.Tag> now = new AtomicReference<>(tag("g1", 1));
        CachedAnswers answers = new CachedAnswers(now::get, reaches, 64 * 1024);
        assertThat(answers.keep(tag("g1", 1), "/relations/LS/SZ", Set.of("LS", "SZ"), answer(3))).isTrue();
        assertThat(answers.keep(tag("g1", 1), "/relations/LS", Set.of("LS"), answer(2))).isTrue();
        assertThat(answers.get(tag("g1", 2), "/relations/LS/SZ")).as("the batch since reached others").isNotNull();
        assertThat(answers.get(tag("g1", 3), "/relations/LS/SZ")).as("the batch since reached SZ").isNull();
        assertThat(answers.get(tag("g1", 4), "/relations/LS")).as("batches 2 to 4 reached neither LS").isNotNull();
        assertThat(answers.get(tag("g1", 5), "/relations/LS")).as("what batch 5 reached is not known").isNull();
        assertThat(answers.get(tag("g2", 1), "/relations/LS/SZ")).as("another generation").isNull();
        assertThat(answers.get(new ReadModelTag.Tag(tag("g1", 1).positions(), LocalDate.of(2026, 12, 8)), "/relations/LS"))
                .as("another day: asOf defaults to today").isNull();

        // computed while batches came: kept when none of them reached its actors, and then held at the newer tag
        now.set(tag("g1", 4));
        assertThat(answers.keep(tag("g1", 3), "/relations/KZ/RU", Set.of("KZ", "RU"), answer(1))).isTrue();
        assertThat(answers.get(tag("g1", 4), "/relations/KZ/RU")).isNotNull();
        assertThat(answers.keep(tag("g1", 2), "/relations/LS/SZ", Set.of("LS", "SZ"), answer(1)))
                .as("batch 3 reached SZ while it was computed").isFalse();
        now.set(tag("g1", 6));
        assertThat(answers.get(tag("g1", 6), "/relations/KZ/RU")).as("batch 5 is not known").isNull();
    }

    @Test
    void aReachTravelsAsTextAndNeverNarrowsWhenTooLong() {
        AnswerReach pair = AnswerReach.actors(List.of("SZ", "LS"));
        assertThat(AnswerReach.fromWire(pair.wire())).isEqualTo(pair);
        assertThat(AnswerReach.fromWire(AnswerReach.NONE.wire())).isEqualTo(AnswerReach.NONE);
        assertThat(AnswerReach.fromWire(AnswerReach.EVERY_ANSWER.wire())).isEqualTo(AnswerReach.EVERY_ANSWER);
        assertThat(AnswerReach.fromWire(null)).as("a notification without a reach").isEqualTo(AnswerReach.EVERY_ANSWER);
        AnswerReach many = AnswerReach.actors(IntStream.range(0, 2_000).mapToObj(i -> "A" + i).toList());
        assertThat(AnswerReach.fromWire(many.wire())).isEqualTo(AnswerReach.EVERY_ANSWER);
        assertThat(pair.and(AnswerReach.EVERY_ANSWER).reaches(List.of("QQ"))).isTrue();
        assertThat(pair.and(AnswerReach.actors(List.of("BW"))).reaches(List.of("BW", "QQ"))).isTrue();
        assertThat(pair.reaches(List.of("BW"))).isFalse();
    }

    /** Objects and arrays with knownAt keys at any depth, and strings that spell a knownAt key inside them. */
    private static JsonNode node(SplittableRandom r, int depth) {
        int kind = depth > 3 ? 2 : r.nextInt(4);
        switch (kind) {
            case 0 -> {
                ObjectNode o = NODES.objectNode();
                for (int i = r.nextInt(5); i > 0; i--) {
                    o.set(r.nextInt(3) == 0 ? "knownAt" : "k" + r.nextInt(20), r.nextInt(3) == 0
                            ? new TextNode(Instant.ofEpochMilli(r.nextLong(0, 4_000_000_000_000L)).toString()) : node(r, depth + 1));
                }
                return o;
            }
            case 1 -> {
                ArrayNode a = NODES.arrayNode();
                for (int i = r.nextInt(4); i > 0; i--) {
                    a.add(node(r, depth + 1));
                }
                return a;
            }
            case 2 -> {
                String[] texts = {"\"knownAt\":\"2020-01-01T00:00:00Z\"", "plain", "{\"knownAt\":1}", "tab\tand\\slash", ""};
                return new TextNode(texts[r.nextInt(texts.length)]);
            }
            default -> {
                return r.nextBoolean() ? NODES.numberNode(r.nextInt()) : NODES.booleanNode(r.nextBoolean());
            }
        }
    }

    private static JsonNode renewed(JsonNode node, String now) {
        if (node instanceof ObjectNode o) {
            o.properties().forEach(e -> {
                if (e.getKey().equals("knownAt") && e.getValue().isTextual()) {
                    e.setValue(new TextNode(now));
                } else {
                    renewed(e.getValue(), now);
                }
            });
        } else if (node instanceof ArrayNode a) {
            a.forEach(n -> renewed(n, now));
        }
        return node;
    }
}
