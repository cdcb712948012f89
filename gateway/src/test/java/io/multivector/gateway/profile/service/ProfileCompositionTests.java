package io.multivector.gateway.profile.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.multivector.platform.problem.ProblemException;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A profile composed from the parts' JSON text is the profile composed from the parts read as trees (the way it was
 * composed before, kept here as the oracle), for random parts: nested lists, escapes and non-ASCII text, numbers of
 * every form, members missing or null, and parts that failed.
 */
class ProfileCompositionTests {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final List<String> RELATIONS_MEMBERS = List.of("code", "name", "knownAt", "topPartners", "memberships",
            "officeholders", "lastElection");
    private static final List<String> TRADE_MEMBERS = List.of("code", "knownAt", "tradeYear", "topTradePartners", "crudeOilExposure");

    @Test
    void aProfileSplicedFromThePartsEqualsOneReadFromTheirTrees() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        for (int i = 0; i < 2_000; i++) {
            ObjectNode r = random.nextInt(10) == 0 ? null : part(random, RELATIONS_MEMBERS);
            ObjectNode t = random.nextInt(10) == 0 ? null : part(random, TRADE_MEMBERS);
            Instant knownAt = Instant.ofEpochSecond(1_700_000_000L + random.nextInt(1_000_000));
            Set<String> degraded = new TreeSet<>(random.nextBoolean() ? Set.of() : Set.of("trade"));
            String spliced = JSON.writeValueAsString(ProfileService.compose("KZ", LocalDate.of(2023, 12, 31), knownAt,
                    r == null ? null : PartMembers.of(JSON.writeValueAsBytes(r)), t == null ? null : PartMembers.of(JSON.writeValueAsBytes(t)),
                    degraded));
            assertThat(JSON.readTree(spliced)).as("seed %d, parts %s and %s", seed, r, t)
                    .isEqualTo(fromTrees(LocalDate.of(2023, 12, 31), knownAt, r, t, degraded));
        }
    }

    @Test
    void aPartThatIsAProblemOf404MeansNoSuchActor() throws Exception {
        PartMembers notFound = PartMembers.of("""
                {"type":"https://multivector.example/problems/not-found","title":"Not Found","status":404,"detail":"no actor XX"}"""
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThatThrownBy(() -> ProfileService.compose("XX", LocalDate.of(2023, 1, 1), null, notFound, null, new TreeSet<>()))
                .isInstanceOf(ProblemException.class);
    }

    /** The profile as composed from trees: each member taken from the part that answered, a JSON null as none. */
    private static JsonNode fromTrees(LocalDate asOf, Instant knownAt, ObjectNode r, ObjectNode t, Set<String> degraded) {
        boolean relations = r != null && r.has("code");
        boolean trade = t != null && t.has("code");
        ObjectNode p = NODES.objectNode();
        p.put("code", "KZ");
        p.set("name", relations && r.path("name").isTextual() ? r.get("name") : NODES.nullNode());
        p.put("asOf", asOf.toString());
        p.put("knownAt", knownAt.toString());
        for (String m : List.of("topPartners", "memberships", "officeholders", "lastElection")) {
            p.set(m, relations && r.hasNonNull(m) ? r.get(m) : NODES.nullNode());
        }
        p.set("tradeYear", trade ? NODES.numberNode(t.path("tradeYear").asInt()) : NODES.nullNode());
        for (String m : List.of("topTradePartners", "crudeOilExposure")) {
            p.set(m, trade && t.hasNonNull(m) ? t.get(m) : NODES.nullNode());
        }
        ArrayNode d = p.putArray("degraded");
        degraded.forEach(d::add);
        return p;
    }

    private static ObjectNode part(Random random, List<String> members) {
        ObjectNode part = NODES.objectNode();
        for (String m : members) {
            if (random.nextInt(8) == 0) {
                continue; // missing
            }
            part.set(m, switch (m) {
                case "code", "name" -> NODES.textNode(text(random));
                case "tradeYear" -> NODES.numberNode(1990 + random.nextInt(40));
                case "knownAt" -> NODES.textNode("2026-01-01T00:00:00Z");
                default -> random.nextInt(6) == 0 ? NODES.nullNode() : value(random, 3);
            });
        }
        return part;
    }

    private static JsonNode value(Random random, int depth) {
        return switch (depth == 0 ? random.nextInt(5) : random.nextInt(7)) {
            case 0 -> NODES.textNode(text(random));
            case 1 -> NODES.numberNode(random.nextInt(2_000_001) - 1_000_000);
            case 2 -> NODES.numberNode(random.nextDouble() * Math.pow(10, random.nextInt(30) - 15));
            case 3 -> NODES.booleanNode(random.nextBoolean());
            case 4 -> NODES.nullNode();
            case 5 -> {
                ArrayNode a = NODES.arrayNode();
                for (int i = random.nextInt(5); i > 0; i--) {
                    a.add(value(random, depth - 1));
                }
                yield a;
            }
            default -> {
                ObjectNode o = NODES.objectNode();
                for (int i = random.nextInt(5); i > 0; i--) {
                    o.set(text(random), value(random, depth - 1));
                }
                yield o;
            }
        };
    }

    /** Text with quotes, backslashes, control characters, Cyrillic and characters outside the BMP. */
    private static String text(Random random) {
        String[] pieces = {"Kazakhstan", "\"", "\\", "\n", "\u0001", "Қазақстан", "𝔸", " ", "/", "é"};
        StringBuilder s = new StringBuilder();
        for (int i = random.nextInt(6); i > 0; i--) {
            s.append(pieces[random.nextInt(pieces.length)]);
        }
        return s.toString();
    }
}
