package io.multivector.projection.readmodel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.junit.jupiter.api.Test;

import java.time.Instant;
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

    @Test
    void keptAnswersStayWithinTheirBytesAndANewTagDropsThem() {
        AtomicReference<String> tag = new AtomicReference<>("W/\"g1.1\"");
        CachedAnswers answers = new CachedAnswers(tag::get, 64 * 1024);
        for (int i = 0; i < 100; i++) {
            assertThat(answers.keep(tag.get(), "/q" + i, new CachedAnswers.Answer(new byte[4096], "application/json", new int[0]))).isTrue();
        }
        long kept = IntStream.range(0, 100).filter(i -> answers.get(tag.get(), "/q" + i) != null).count();
        // what stays is the eviction policy's choice (it may keep the first ones over newer ones asked as often)
        assertThat(kept).as("within 64 KiB, and not empty").isBetween(1L, 16L);
        String before = tag.get();
        tag.set("W/\"g1.2\"");
        assertThat(answers.keep(tag.get(), "/q0", new CachedAnswers.Answer(new byte[1], "application/json", new int[0]))).isTrue();
        assertThat(answers.keep(before, "/late", new CachedAnswers.Answer(new byte[1], "application/json", new int[0])))
                .as("computed under a tag no longer current").isFalse();
        assertThat(IntStream.range(0, 100).filter(i -> answers.get(before, "/q" + i) != null)).as("the old tag's answers are gone").isEmpty();
        assertThat(answers.get(tag.get(), "/q0").json()).hasSize(1);
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
