package io.multivector.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.regex.RegularExpression;
import com.networknt.schema.regex.RegularExpressionFactory;
import io.multivector.events.Examples.Example;
import io.multivector.events.catalogue.EventType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The published JSON Schema of each type ({@link EventCodec#schema}, a whole CloudEvent of that
 * type) and the codec agree on every example: both accept every valid one, both refuse every
 * invalid one, except the cases marked {@code codecOnly} in the example files, which the schema
 * accepts and the codec refuses for a reason each case states (reference data, calendar days,
 * rules across fields). Those are asserted as exactly that, never skipped.
 */
class SchemaAgreementTests {

    private static final EventCodec CODEC = EventCodec.bundled();
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private static final Map<EventType, JsonSchema> SCHEMAS = new EnumMap<>(EventType.class);

    /**
     * JSON Schema patterns are ECMA-262 regular expressions, where {@code $} (without the m flag)
     * matches only at the end of the input. networknt's default engine is java.util.regex, whose
     * {@code $} also matches before a final line terminator, so it would accept "2709\n" for
     * {@code ^[0-9]{4}([0-9]{2})?$}, which an ECMA-262 validator refuses. The codec matches whole
     * strings, as ECMA-262 does; this factory gives the schema its ECMA meaning for the trailing
     * {@code $} every catalogue pattern ends with. {@link #jdkEngineAloneWouldAcceptATrailingNewline}
     * shows why it is needed.
     */
    static final RegularExpressionFactory ECMA_END_ANCHOR = regex -> {
        String r = regex.endsWith("$") && !regex.endsWith("\\$") ? regex.substring(0, regex.length() - 1) + "\\z" : regex;
        Pattern p = Pattern.compile(r);
        return (RegularExpression) value -> p.matcher(value).find();
    };

    /** The JSON Schema of a type as a validator with ECMA-262's meaning of {@code $} (also for the fuzz tests). */
    static JsonSchema schema(EventType type) {
        synchronized (SCHEMAS) {
            return SCHEMAS.computeIfAbsent(type, t -> FACTORY.getSchema(EventCodec.schema(t),
                    SchemaValidatorsConfig.builder()
                            .pathType(PathType.JSON_POINTER)
                            .regularExpressionFactory(ECMA_END_ANCHOR)
                            .build()));
        }
    }

    private static boolean codecAccepts(JsonNode event) {
        try {
            CODEC.decode(event);
            return true;
        } catch (InvalidEventException e) {
            return false;
        }
    }

    static List<Example> examples() {
        return Examples.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void schemaAndCodecGiveTheSameVerdict(Example e) {
        Set<ValidationMessage> errors = schema(e.type()).validate(e.event());
        boolean codec = codecAccepts(e.event());
        if (e.valid()) {
            assertThat(errors).as("schema errors for %s", e).isEmpty();
            assertThat(codec).as("codec accepts %s", e).isTrue();
        } else if (e.codecOnly() != null) {
            // The schema cannot tell (reason in the example file); the codec must.
            assertThat(errors).as("schema accepts codec-only case %s (%s)", e, e.codecOnly()).isEmpty();
            assertThat(codec).as("codec refuses %s", e).isFalse();
        } else {
            assertThat(codec).as("codec refuses %s", e).isFalse();
            assertThat(errors).as("schema refuses %s", e).isNotEmpty();
            // And it refuses it at the same place, or at the object that lacks or has too much.
            assertThat(errors).extracting(m -> m.getInstanceLocation().toString())
                    .as("schema error locations for %s (codec: %s)", e, e.pointer())
                    .anySatisfy(loc -> assertThat(e.pointer().equals(loc) || e.pointer().startsWith(loc + "/")
                            || loc.isEmpty()).isTrue());
        }
    }

    @Test
    void codecOnlyCasesSayWhy() {
        assertThat(Examples.invalid()).filteredOn(e -> e.codecOnly() != null)
                .allSatisfy(e -> assertThat(e.codecOnly()).as(e.toString()).hasSizeGreaterThan(20))
                .extracting(Example::kind)
                // Only what JSON Schema cannot state is codec-only: never a shape, type or enum.
                .doesNotContain("wrong-enum", "wrong-json-type", "missing-required", "extra-property", "no-sources");
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void schemaIsA2020_12SchemaOfTheWholeEvent(EventType type) {
        JsonSchema meta = FACTORY.getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));
        JsonNode s = EventCodec.schema(type);
        assertThat(meta.validate(s)).isEmpty();
        assertThat(s.path("$id").asText()).isEqualTo(type.schemaUrn());
        assertThat(s.path("properties").path("type").path("const").asText()).isEqualTo(type.typeName());
        assertThat(s.path("additionalProperties").asBoolean(true)).isFalse();
        JsonNode data = s.path("properties").path("data");
        assertThat(data.path("additionalProperties").asBoolean(true)).isFalse();
        assertThat(data.path("required")).extracting(JsonNode::asText).contains("occurredOn", "sources");
        assertThat(data.path("properties").path("sources").path("minItems").asInt()).isEqualTo(1);
        assertThat(data.path("properties").fieldNames()).toIterable().containsExactlyElementsOf(
                Stream.of(type.dataClass().getRecordComponents()).map(java.lang.reflect.RecordComponent::getName).toList());
    }

    @ParameterizedTest
    @MethodSource("io.multivector.events.ExamplesTests#seedLines")
    void everySeedEventPassesItsSchema(String line) {
        JsonNode event = CODEC.parse(line.getBytes(StandardCharsets.UTF_8));
        EventType type = EventType.ofName(event.path("type").asText()).orElseThrow();
        assertThat(schema(type).validate(event)).isEmpty();
    }

    @Test
    void schemaOfOneTypeRefusesAnotherTypesEvent() {
        JsonNode statement = Examples.valid().stream().filter(e -> e.type() == EventType.STATEMENT_MADE)
                .findFirst().orElseThrow().event();
        assertThat(schema(EventType.SANCTIONS_IMPOSED).validate(statement)).isNotEmpty();
    }

    @Test
    void jdkEngineAloneWouldAcceptATrailingNewline() {
        JsonSchema plain = FACTORY.getSchema(EventCodec.schema(EventType.EXPORT_SHARE_REPORTED));
        JsonNode event = Examples.all().stream()
                .filter(e -> e.type() == EventType.EXPORT_SHARE_REPORTED && e.valid()).findFirst().orElseThrow().event().deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) event.get("data")).put("commodity", "2709\n");
        assertThat(plain.validate(event)).as("java.util.regex $ before a final newline").isEmpty();
        assertThat(schema(EventType.EXPORT_SHARE_REPORTED).validate(event)).isNotEmpty();
        assertThatThrownBy(() -> CODEC.decode(event)).isInstanceOf(InvalidEventException.class);
    }
}
