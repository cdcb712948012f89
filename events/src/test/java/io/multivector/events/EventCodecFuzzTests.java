package io.multivector.events;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.ValidationMessage;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Coverage-guided fuzzing (Jazzer) of the codec: whatever bytes arrive, {@link EventCodec#decode}
 * either refuses them with {@link InvalidEventException} or accepts an event that its own type's JSON
 * Schema accepts too. Any other exception, or an accepted event the schema refuses, is a finding.
 * In {@code ./multivector test} each target replays its seeds and earlier findings
 * ({@code src/test/resources/io/multivector/events/EventCodecFuzzTestsInputs/<target>/}); {@code ./multivector fuzz}
 * fuzzes them.
 */
class EventCodecFuzzTests {

    private static final EventCodec CODEC = EventCodec.bundled();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<JsonNode> VALID = Examples.valid().stream().map(Examples.Example::event).toList();

    /** The verdict on one input: refused as invalid, or accepted and agreeing with the schema. */
    private static void decodeAndCheck(byte[] input) {
        Event event;
        try {
            event = CODEC.decode(input);
        } catch (InvalidEventException refused) {
            if (refused.violations().isEmpty() || refused.violations().stream().anyMatch(v -> v.message() == null || v.message().isBlank())) {
                throw new AssertionError("a refusal must name what is wrong: " + refused.violations());
            }
            return;
        }
        JsonNode sent = CODEC.parse(input); // the same reading of numbers (decimals) the codec used
        Set<ValidationMessage> errors = SchemaAgreementTests.schema(event.type()).validate(sent);
        if (!errors.isEmpty()) {
            throw new AssertionError("accepted as " + event.type().typeName() + " but its JSON Schema refuses it: " + errors);
        }
    }

    @FuzzTest(maxDuration = "30s")
    void arbitraryBytes(byte[] input) {
        decodeAndCheck(input);
    }

    /** A valid example with a few fields removed, replaced or added: the near misses a client sends. */
    @FuzzTest(maxDuration = "30s")
    void mutatedValidEvents(FuzzedDataProvider data) throws Exception {
        JsonNode event = VALID.get(data.consumeInt(0, VALID.size() - 1)).deepCopy();
        int edits = data.consumeInt(1, 4);
        for (int i = 0; i < edits; i++) {
            List<Object[]> places = new ArrayList<>();
            containers(event, places);
            Object[] place = places.get(data.consumeInt(0, places.size() - 1));
            JsonNode container = (JsonNode) place[0];
            JsonNode value = value(data);
            if (container instanceof ObjectNode o) {
                List<String> names = new ArrayList<>();
                o.fieldNames().forEachRemaining(names::add);
                int op = data.consumeInt(0, 2);
                if (op == 0 && !names.isEmpty()) {
                    o.remove(names.get(data.consumeInt(0, names.size() - 1)));
                } else if (op == 1 && !names.isEmpty()) {
                    o.set(names.get(data.consumeInt(0, names.size() - 1)), value);
                } else {
                    o.set(data.consumeString(20), value);
                }
            } else if (container instanceof ArrayNode a) {
                if (!a.isEmpty() && data.consumeBoolean()) {
                    a.set(data.consumeInt(0, a.size() - 1), value);
                } else {
                    a.add(value);
                }
            }
        }
        decodeAndCheck(JSON.writeValueAsBytes(event));
    }

    private static void containers(JsonNode node, List<Object[]> into) {
        if (node.isContainerNode()) {
            into.add(new Object[]{node});
            node.forEach(child -> containers(child, into));
        }
    }

    private static JsonNode value(FuzzedDataProvider data) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        return switch (data.consumeInt(0, 8)) {
            case 0 -> f.textNode(data.consumeString(40));
            case 1 -> f.numberNode(data.consumeInt());
            case 2 -> f.numberNode(data.consumeLong());
            case 3 -> f.numberNode(data.consumeRegularDouble());
            case 4 -> f.booleanNode(data.consumeBoolean());
            case 5 -> f.nullNode();
            case 6 -> f.arrayNode().add(data.consumeString(10));
            case 7 -> f.objectNode().put(data.consumeString(10), data.consumeString(10));
            default -> f.numberNode(new java.math.BigDecimal(data.consumeLong()).scaleByPowerOfTen(data.consumeInt(-400, 400)));
        };
    }
}
