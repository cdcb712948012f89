package io.multivector.events.asyncapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.multivector.events.Event;
import io.multivector.events.EventCodec;
import io.multivector.events.Topic;
import io.multivector.events.catalogue.CatalogueRules;
import io.multivector.events.catalogue.EventType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class AsyncApiDocumentTests {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String ASYNCAPI_SCHEMA_ID = "http://asyncapi.com/definitions/3.1.0/asyncapi.json";
    private static final JsonSchemaFactory DRAFT7 = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7);

    private static JsonSchema asyncApiSchema;
    private static ObjectNode doc;

    @BeforeAll
    static void load() throws IOException {
        JsonNode official;
        try (InputStream in = AsyncApiDocumentTests.class.getResourceAsStream("/asyncapi/asyncapi-3.1.0.schema.json")) {
            official = MAPPER.readTree(in);
        }
        // The bundle embeds every definition under its own $id; serve each by that id, so nothing is fetched.
        Map<String, String> byId = new HashMap<>();
        byId.put(ASYNCAPI_SCHEMA_ID, official.toString());
        official.get("definitions").properties().forEach(d -> byId.put(d.getKey(), d.getValue().toString()));
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7,
                b -> b.schemaLoaders(l -> l.schemas(byId)));
        asyncApiSchema = factory.getSchema(SchemaLocation.of(ASYNCAPI_SCHEMA_ID));
        doc = AsyncApiDocument.build("1.2.3");
    }

    // --- the document is AsyncAPI 3.1.0 ---

    @Test
    void validatesAgainstTheOfficialAsyncApi310Schema() {
        assertThat(asyncApiSchema.validate(doc)).isEmpty();
        assertThat(asyncApiSchema.validate(AsyncApiDocument.build("0.1.0-SNAPSHOT", "localhost:9092"))).isEmpty();
    }

    @Test
    void theDocumentTheGatewayServesIsWrittenForTheParserCheck() throws IOException {
        String served = AsyncApiDocument.json("v1");
        assertThat(asyncApiSchema.validate(MAPPER.readTree(served))).isEmpty();
        // for .ci/run, which parses it with @asyncapi/parser (clients/asyncapi/validate.cjs): no error, no warning
        Files.writeString(Path.of("target", "asyncapi.json"), served);
    }

    @Test
    void theOfficialSchemaIsNotVacuous() {
        ObjectNode broken = doc.deepCopy();
        ((ObjectNode) broken.get("operations").get("receiveDiplomacy")).remove("action");
        assertThat(asyncApiSchema.validate(broken)).isNotEmpty();
        ObjectNode wrongVersion = doc.deepCopy().put("asyncapi", "2.6.0");
        assertThat(asyncApiSchema.validate(wrongVersion)).isNotEmpty();
        ObjectNode badChannel = doc.deepCopy();
        ((ObjectNode) badChannel.get("channels").get("trade")).put("topic", "not a channel field");
        assertThat(asyncApiSchema.validate(badChannel)).isNotEmpty();
    }

    @Test
    void everyLocalReferenceResolves() {
        List<String> refs = new ArrayList<>();
        collectRefs(doc, refs);
        assertThat(refs).isNotEmpty().allMatch(r -> r.startsWith("#/"));
        for (String ref : refs) {
            assertThat(resolve(ref).isMissingNode()).as(ref).isFalse();
        }
    }

    @Test
    void jsonIsThePrettyPrintedDocument() throws IOException {
        String json = AsyncApiDocument.json("1.2.3");
        assertThat(json).contains("\n  \"asyncapi\" : \"3.1.0\"");
        // compared as parsed text: the schemas' decimal bounds are BigDecimal nodes in memory, doubles once parsed
        assertThat(MAPPER.readTree(json)).isEqualTo(MAPPER.readTree(MAPPER.writeValueAsString(doc)));
        assertThat(doc.at("/info/version").asText()).isEqualTo("1.2.3");
        assertThat(doc.at("/defaultContentType").asText()).isEqualTo("application/cloudevents+json");
    }

    // --- it says what the catalogue says ---

    @Test
    void everyTypeIsAMessageOnTheChannelOfItsTopicOnly() {
        for (EventType type : EventType.values()) {
            Set<Topic> on = EnumSet.noneOf(Topic.class);
            for (Topic topic : Topic.values()) {
                if (doc.at("/channels/" + AsyncApiDocument.channelId(topic) + "/messages").has(type.typeName())) {
                    on.add(topic);
                }
                assertThat(doc.at("/channels/" + AsyncApiDocument.deadLetterChannelId(topic) + "/messages")
                        .has(type.typeName())).isFalse();
            }
            // A retraction goes to the topic of the event it retracts: any of them.
            Set<Topic> expected = type.topic().map(EnumSet::of).orElse(EnumSet.allOf(Topic.class));
            assertThat(on).as(type.typeName()).isEqualTo(expected);
            assertThat(doc.at("/components/messages/" + type.typeName()).isObject()).isTrue();
        }
    }

    @Test
    void channelsAreTheTopicsAndTheirDeadLetterTwins() {
        List<String> addresses = new ArrayList<>();
        doc.get("channels").forEach(c -> addresses.add(c.get("address").asText()));
        List<String> expected = new ArrayList<>();
        for (Topic t : Topic.values()) {
            expected.add(t.topicName());
            expected.add(t.deadLetterTopicName());
            JsonNode channel = doc.at("/channels/" + AsyncApiDocument.channelId(t));
            assertThat(channel.get("messages").size()).isEqualTo(AsyncApiDocument.typesOn(t).size());
            assertThat(channel.at("/bindings/kafka/topic").asText()).isEqualTo(t.topicName());
            assertThat(channel.at("/bindings/kafka/partitions").asInt()).isEqualTo(Topic.PARTITIONS);
            assertThat(channel.at("/bindings/kafka/topicConfiguration/retention.ms").asInt()).isEqualTo(-1);
            JsonNode dlq = doc.at("/channels/" + AsyncApiDocument.deadLetterChannelId(t));
            assertThat(dlq.get("address").asText()).isEqualTo(t.topicName() + ".dlq");
            assertThat(dlq.at("/bindings/kafka/partitions").asInt()).isEqualTo(Topic.PARTITIONS);
            assertThat(names(dlq.get("messages"))).containsExactly("DeadLetter");
        }
        assertThat(addresses).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(doc.at("/components/schemas/DeadLetterHeaders/required"))
                .extracting(JsonNode::asText)
                .containsExactly("mv-dlq-reason", "mv-dlq-topic", "mv-dlq-partition", "mv-dlq-offset", "mv-dlq-projection");
    }

    @Test
    void everyChannelHasOneReceiveOperationForAllItsMessages() {
        Map<String, List<String>> received = new LinkedHashMap<>();
        doc.get("operations").forEach(op -> {
            assertThat(op.get("action").asText()).isEqualTo("receive");
            String channel = op.at("/channel/$ref").asText();
            List<String> messages = new ArrayList<>();
            op.get("messages").forEach(m -> messages.add(m.get("$ref").asText()));
            assertThat(received.put(channel, messages)).as("second operation on " + channel).isNull();
        });
        assertThat(received).hasSize(doc.get("channels").size());
        doc.get("channels").properties().forEach(c -> assertThat(received.get("#/channels/" + c.getKey()))
                .containsExactlyElementsOf(names(c.getValue().get("messages")).stream()
                        .map(m -> "#/channels/" + c.getKey() + "/messages/" + m).toList()));
    }

    @Test
    void messagesCarryTheStreamKeyAndTheRelayHeaders() {
        for (EventType type : EventType.values()) {
            JsonNode message = doc.at("/components/messages/" + type.typeName());
            assertThat(message.at("/contentType").asText()).isEqualTo(Event.CONTENT_TYPE);
            assertThat(message.at("/bindings/kafka/key")).isEqualTo(doc.at("/components/messages/DeadLetter/bindings/kafka/key"));
            assertThat(message.at("/bindings/kafka/key/maxLength")).isEqualTo(EventCodec.schema(type).at("/properties/subject/maxLength"));
            assertThat(message.at("/headers/$ref").asText()).isEqualTo("#/components/schemas/RelayHeaders");
        }
        JsonSchema relayHeaders = DRAFT7.getSchema(doc.at("/components/schemas/RelayHeaders"));
        assertThat(relayHeaders.validate(obj("{\"content-type\":\"application/cloudevents+json\",\"mv-sequence\":\"1042\"}"))).isEmpty();
        assertThat(relayHeaders.validate(obj("{\"content-type\":\"application/cloudevents+json\",\"mv-sequence\":\"x\"}"))).isNotEmpty();
        assertThat(relayHeaders.validate(obj("{\"content-type\":\"application/cloudevents+json\"}"))).isNotEmpty();
        assertThat(relayHeaders.validate(obj("{\"content-type\":\"application/cloudevents+json\",\"mv-sequence\":\"1042\","
                + "\"traceparent\":\"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01\",\"mv-request-id\":\"req-1\"}"))).isEmpty();
        assertThat(relayHeaders.validate(obj("{\"content-type\":\"application/cloudevents+json\",\"mv-sequence\":\"1042\","
                + "\"traceparent\":\"not a trace context\"}"))).isNotEmpty();
        JsonSchema key = DRAFT7.getSchema(doc.at("/components/messages/treaty.signed/bindings/kafka/key"));
        assertThat(key.validate(MAPPER.getNodeFactory().textNode("EU~KZ"))).isEmpty();
        assertThat(key.validate(MAPPER.getNodeFactory().textNode(""))).isNotEmpty();
    }

    @Test
    void eachPayloadIsTheCodecSchemaWithEveryAttributeRequired() {
        for (EventType type : EventType.values()) {
            JsonNode payload = resolve(doc.at("/components/messages/" + type.typeName() + "/payload/$ref").asText());
            ObjectNode codec = EventCodec.schema(type);
            assertThat(payload.at("/properties/data")).as(type.typeName()).isEqualTo(codec.at("/properties/data"));
            assertThat(payload.get("properties")).isEqualTo(codec.get("properties"));
            assertThat(payload.get("additionalProperties")).isEqualTo(codec.get("additionalProperties"));
            assertThat(names(payload.get("required"))).containsExactlyInAnyOrderElementsOf(names(codec.get("properties")));
            assertThat(payload.has("$id")).isFalse();
            assertThat(payload.has("$schema")).isFalse();
        }
    }

    // --- real events match their message, and no other on the channel ---

    @Test
    void everySeedEventAsPublishedMatchesExactlyItsMessageOnItsChannel() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(Path.of("../seeds/corpus"))) {
            files = s.filter(p -> p.toString().endsWith(".ndjson")).sorted().toList();
        }
        assertThat(files).isNotEmpty();
        Set<EventType> seen = EnumSet.noneOf(EventType.class);
        long sequence = 0;
        for (Path f : files) {
            for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                Event e = EventCodec.bundled().decode(line.getBytes(StandardCharsets.UTF_8));
                assertPublishedMatchesOnlyItsMessage(e, CatalogueRules.streamOf(e.data()).orElse("KZ"), ++sequence);
                seen.add(e.type());
            }
        }
        assertThat(seen).hasSizeGreaterThan(10);
    }

    @Test
    void typesTheSeedsLackMatchTheirMessagesToo() {
        String sources = "\"sources\":[{\"ref\":\"test\",\"url\":\"https://example.org/a\"}]";
        Map<String, String> events = Map.of(
                "{\"specversion\":\"1.0\",\"type\":\"treaty.terminated\",\"data\":{\"occurredOn\":\"2019-08\","
                        + "\"treatyId\":\"inf-1987\",\"party\":\"US\"," + sources + "}}", "RU~US",
                "{\"type\":\"sanctions.lifted\",\"data\":{\"occurredOn\":\"2016-01-16\",\"imposer\":\"EU\","
                        + "\"target\":\"IR\",\"scope\":\"nuclear-related\"," + sources + "}}", "EU~IR",
                "{\"type\":\"route.status.changed\",\"data\":{\"occurredOn\":\"2022\",\"routeId\":\"cpc\","
                        + "\"status\":\"operating\",\"capacity\":67," + sources + "}}", "KZ",
                "{\"type\":\"event.retracted\",\"data\":{\"occurredOn\":\"2024-05-01\","
                        + "\"eventId\":\"7c014d81-8679-5c24-ba5b-e84f0a73cce8\",\"reason\":\"duplicate\"," + sources + "}}", "CIS~KZ");
        long sequence = 1000;
        for (Map.Entry<String, String> e : events.entrySet()) {
            Event event = EventCodec.bundled().decode(e.getKey().getBytes(StandardCharsets.UTF_8));
            assertPublishedMatchesOnlyItsMessage(event, e.getValue(), ++sequence);
        }
    }

    @Test
    void anEventAsSubmittedIsNotAPublishedEvent() {
        // Published records carry every attribute the store sets; the input form lacks them.
        Event e = EventCodec.bundled().decode(("{\"type\":\"sanctions.lifted\",\"data\":{\"occurredOn\":\"2016\","
                + "\"imposer\":\"EU\",\"target\":\"IR\",\"scope\":\"all\",\"sources\":[{\"ref\":\"r\"}]}}")
                .getBytes(StandardCharsets.UTF_8));
        JsonSchema payload = payloadSchema(EventType.SANCTIONS_LIFTED);
        assertThat(payload.validate(EventCodec.bundled().toJson(e))).isNotEmpty();
        ObjectNode published = EventCodec.bundled().toJson(e.stored(UUID.randomUUID(), "EU~IR", Instant.now(), 7, 1));
        assertThat(payload.validate(published)).isEmpty();
        ((ObjectNode) published.get("data")).put("target", "not an actor");
        assertThat(payload.validate(published)).isNotEmpty();
    }

    private static void assertPublishedMatchesOnlyItsMessage(Event e, String stream, long sequence) {
        Event stored = e.stored(e.id() == null ? UUID.randomUUID() : e.id(), stream,
                Instant.parse("2026-11-23T10:00:00.123Z"), sequence, 1);
        ObjectNode published = EventCodec.bundled().toJson(stored);
        Topic topic = e.type().topic().orElse(Topic.TRADE);
        JsonNode messages = doc.at("/channels/" + AsyncApiDocument.channelId(topic) + "/messages");
        List<String> matching = new ArrayList<>();
        for (String name : names(messages)) {
            JsonNode message = resolve(messages.get(name).get("$ref").asText());
            JsonNode payload = resolve(message.at("/payload/$ref").asText());
            Set<ValidationMessage> errors = DRAFT7.getSchema(payload).validate(published);
            if (name.equals(e.type().typeName())) {
                assertThat(errors).as(published.toString()).isEmpty();
            }
            if (errors.isEmpty()) {
                matching.add(name);
            }
        }
        assertThat(matching).as(published.toString()).containsExactly(e.type().typeName());
    }

    private static JsonSchema payloadSchema(EventType type) {
        return DRAFT7.getSchema(resolve(doc.at("/components/messages/" + type.typeName() + "/payload/$ref").asText()));
    }

    private static JsonNode resolve(String ref) {
        assertThat(ref).startsWith("#/");
        return doc.at(ref.substring(1));
    }

    private static void collectRefs(JsonNode node, List<String> refs) {
        if (node.isObject()) {
            node.properties().forEach(p -> {
                if (p.getKey().equals("$ref") && p.getValue().isTextual()) {
                    refs.add(p.getValue().asText());
                } else {
                    collectRefs(p.getValue(), refs);
                }
            });
        } else if (node.isArray()) {
            node.forEach(n -> collectRefs(n, refs));
        }
    }

    private static List<String> names(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(n -> out.add(n.asText()));
        } else {
            node.fieldNames().forEachRemaining(out::add);
        }
        return out;
    }

    private static JsonNode obj(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
