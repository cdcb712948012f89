package io.multivector.events.asyncapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.multivector.events.Event;
import io.multivector.events.EventCodec;
import io.multivector.events.Topic;
import io.multivector.events.catalogue.EventType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * The AsyncAPI 3.1.0 document of the catalogue's Kafka topics, built from the catalogue itself
 * ({@link EventType}, {@link Topic}, {@link EventCodec#schema}), so it cannot drift from the records.
 *
 * <p>One channel per topic, one message per event type on it (a retraction is on every topic, since
 * it follows the event it retracts), one {@code receive} operation per channel, and the dead-letter
 * twin {@code <topic>.dlq} of every topic. Payloads are the structured-mode CloudEvent as the relay
 * publishes it: every attribute set by the store, {@code data} exactly as {@link EventCodec#schema}
 * describes it. The record key is the stream.
 */
public final class AsyncApiDocument {

    public static final String ASYNCAPI_VERSION = "3.1.0";
    public static final String KAFKA_BINDING_VERSION = "0.5.0";

    /** Record headers the relay sets (ingest-service, EventRelay). */
    public static final String CONTENT_TYPE_HEADER = "content-type";
    public static final String SEQUENCE_HEADER = "mv-sequence";
    /** The W3C trace context of the request that stored the event, when it came with one. */
    public static final String TRACEPARENT_HEADER = "traceparent";
    /** The id of the request that stored the event, when it came with one. */
    public static final String REQUEST_ID_HEADER = "mv-request-id";
    /** Record headers a projection sets on a dead letter (projection, DeadLetters). */
    public static final List<String> DEAD_LETTER_HEADERS = List.of(
            "mv-dlq-reason", "mv-dlq-topic", "mv-dlq-partition", "mv-dlq-offset", "mv-dlq-projection");

    static final String RELAY_HEADERS = "RelayHeaders";
    static final String DEAD_LETTER_HEADERS_SCHEMA = "DeadLetterHeaders";
    static final String DEAD_LETTER_PAYLOAD = "DeadLetterValue";
    static final String DEAD_LETTER_MESSAGE = "DeadLetter";

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private AsyncApiDocument() {
    }

    /** The document for this application version (the {@code info.version}), without servers. */
    public static ObjectNode build(String version) {
        return build(version, null);
    }

    /**
     * The document for this application version; with a Kafka bootstrap address
     * ({@code host:port}, comma-separated for several) it names that cluster as its one server.
     */
    public static ObjectNode build(String version, String kafkaBootstrap) {
        ObjectNode doc = F.objectNode();
        doc.put("asyncapi", ASYNCAPI_VERSION);
        doc.put("id", "urn:multivector:asyncapi:events");
        ObjectNode info = doc.putObject("info");
        info.put("title", "Multivector events");
        info.put("version", version == null || version.isBlank() ? "unversioned" : version);
        info.put("description", INFO_DESCRIPTION);
        if (kafkaBootstrap != null && !kafkaBootstrap.isBlank()) {
            ObjectNode server = doc.putObject("servers").putObject("kafka");
            server.put("host", kafkaBootstrap);
            server.put("protocol", "kafka");
            server.put("description", "The Kafka cluster the relay publishes to.");
        }
        doc.put("defaultContentType", Event.CONTENT_TYPE);

        ObjectNode channels = doc.putObject("channels");
        ObjectNode operations = doc.putObject("operations");
        for (Topic topic : Topic.values()) {
            String id = channelId(topic);
            ObjectNode channel = channels.putObject(id);
            channel.put("address", topic.topicName());
            channel.put("title", topic.topicName());
            channel.put("description", topicDescription(topic) + " Key: the stream. Value: the CloudEvent."
                    + " Order is guaranteed per stream, not across streams.");
            ObjectNode messages = channel.putObject("messages");
            for (EventType type : typesOn(topic)) {
                messages.putObject(type.typeName()).put("$ref", "#/components/messages/" + type.typeName());
            }
            kafkaChannelBinding(channel, topic.topicName());
            receive(operations, "receive" + capitalized(id), id, messages,
                    "Subscribe to " + topic.topicName() + ".",
                    "Read from the earliest offset to replay the topic's whole history. A consumer sees the events of"
                            + " one stream in the store's order (`streamversion` 1, 2, ...); `sequence` orders all events"
                            + " across topics. Apply a retraction by undoing the event whose `id` is its `data.eventId`.");

            String dlqId = deadLetterChannelId(topic);
            ObjectNode dlq = channels.putObject(dlqId);
            dlq.put("address", topic.deadLetterTopicName());
            dlq.put("title", topic.deadLetterTopicName());
            dlq.put("description", "Dead letters of " + topic.topicName() + ": records of it that a projection could"
                    + " not apply, with the reason and the original coordinates in headers. The value and key are"
                    + " the original record's, unchanged.");
            ObjectNode dlqMessages = dlq.putObject("messages");
            dlqMessages.putObject(DEAD_LETTER_MESSAGE).put("$ref", "#/components/messages/" + DEAD_LETTER_MESSAGE);
            kafkaChannelBinding(dlq, topic.deadLetterTopicName());
            receive(operations, "receive" + capitalized(id) + "DeadLetters", dlqId, dlqMessages,
                    "Watch the dead letters of " + topic.topicName() + ".", null);
        }

        ObjectNode components = doc.putObject("components");
        ObjectNode schemas = components.putObject("schemas");
        ObjectNode componentMessages = components.putObject("messages");
        schemas.set(RELAY_HEADERS, relayHeadersSchema());
        schemas.set(DEAD_LETTER_HEADERS_SCHEMA, deadLetterHeadersSchema());
        schemas.putObject(DEAD_LETTER_PAYLOAD).put("description", "The original record value, byte for byte."
                + " Usually a CloudEvent of the origin topic, but it may be anything the projection could not"
                + " apply, including text that is not JSON.");
        for (EventType type : EventType.values()) {
            schemas.set(type.typeName(), payloadSchema(type));
            componentMessages.set(type.typeName(), eventMessage(type));
        }
        componentMessages.set(DEAD_LETTER_MESSAGE, deadLetterMessage());
        return doc;
    }

    /** The document as pretty-printed JSON, e.g. for the gateway to serve. */
    public static String json(String version) {
        return json(version, null);
    }

    public static String json(String version, String kafkaBootstrap) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(build(version, kafkaBootstrap));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Prints the document: {@code [version [kafkaBootstrap]]}. */
    public static void main(String[] args) {
        String version = args.length > 0 ? args[0] : AsyncApiDocument.class.getPackage().getImplementationVersion();
        System.out.println(json(version, args.length > 1 ? args[1] : null));
    }

    /** The channel id of a topic: its enum name in lower case ({@code diplomacy}). */
    public static String channelId(Topic topic) {
        return topic.name().toLowerCase(Locale.ROOT);
    }

    /** The channel id of a topic's dead letters ({@code diplomacy.dlq}). */
    public static String deadLetterChannelId(Topic topic) {
        return channelId(topic) + ".dlq";
    }

    /** The event types published on a topic, in catalogue order: its own, and retractions, which go to every topic. */
    public static List<EventType> typesOn(Topic topic) {
        return Arrays.stream(EventType.values())
                .filter(t -> t.topic().map(topic::equals).orElse(true))
                .toList();
    }

    /**
     * The schema of a published event of this type: {@link EventCodec#schema} with every attribute
     * required (the store has set them all) and without its {@code $schema} and {@code $id}, which would
     * rebase the document's references (the type's URN stays as the {@code dataschema} constant).
     */
    public static ObjectNode payloadSchema(EventType type) {
        ObjectNode s = EventCodec.schema(type);
        s.remove("$schema");
        s.remove("$id");
        ObjectNode out = F.objectNode();
        out.put("title", type.typeName());
        out.put("description", "A `" + type.typeName() + "` event as published: a CloudEvents 1.0 structured-mode"
                + " JSON object whose attributes the store has all set. `data` follows " + type.schemaUrn() + ".");
        for (Iterator<String> it = s.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!name.equals("title") && !name.equals("required")) {
                out.set(name, s.get(name));
            }
        }
        ArrayNode required = out.putArray("required");
        s.get("properties").fieldNames().forEachRemaining(required::add);
        return out;
    }

    private static ObjectNode eventMessage(EventType type) {
        ObjectNode m = F.objectNode();
        m.put("name", type.typeName());
        m.put("title", type.typeName());
        m.put("summary", type.topic()
                .map(t -> "`" + type.typeName() + "` on " + t.topicName() + " (dataschema " + type.schemaUrn() + ").")
                .orElse("`" + type.typeName() + "` on the topic of the event it retracts (dataschema "
                        + type.schemaUrn() + ")."));
        if (type.topic().isEmpty()) {
            m.put("description", "A retraction withdraws the event whose `id` is `data.eventId`: undo its every"
                    + " effect. It is published on that event's topic, under that event's stream, so it is on every"
                    + " channel and follows the event it retracts.");
        }
        m.put("contentType", Event.CONTENT_TYPE);
        m.putObject("headers").put("$ref", "#/components/schemas/" + RELAY_HEADERS);
        m.putObject("payload").put("$ref", "#/components/schemas/" + type.typeName());
        kafkaMessageBinding(m);
        return m;
    }

    private static ObjectNode deadLetterMessage() {
        ObjectNode m = F.objectNode();
        m.put("name", DEAD_LETTER_MESSAGE);
        m.put("title", "Dead letter");
        m.put("summary", "A record of the origin topic that a projection could not apply.");
        m.put("description", "Sent by a projection before it moves past a record it cannot apply; the same"
                + " record is listed by the gateway's `GET /admin/dead-letters` and can be retried there. A crash"
                + " may send a dead letter twice. The origin record's own headers are not copied.");
        m.putObject("headers").put("$ref", "#/components/schemas/" + DEAD_LETTER_HEADERS_SCHEMA);
        m.putObject("payload").put("$ref", "#/components/schemas/" + DEAD_LETTER_PAYLOAD);
        kafkaMessageBinding(m);
        return m;
    }

    private static void kafkaMessageBinding(ObjectNode message) {
        ObjectNode kafka = message.putObject("bindings").putObject("kafka");
        // Inline, not a $ref to a component: the official 3.x schemas validate the key as
        // oneOf(Reference, Schema), and a bare {"$ref"} is both, so it would be rejected
        // (the ambiguity asyncapi/spec-json-schemas#466 fixed for the 0.4.0 binding only).
        kafka.set("key", streamKeySchema());
        kafka.put("bindingVersion", KAFKA_BINDING_VERSION);
    }

    private static void kafkaChannelBinding(ObjectNode channel, String topicName) {
        ObjectNode kafka = channel.putObject("bindings").putObject("kafka");
        kafka.put("topic", topicName);
        // as the topics are created (./multivector up, docker compose); an operator may create them with more
        kafka.put("partitions", Topic.PARTITIONS);
        // kept forever: a new subscriber replays the whole history from the earliest offset
        kafka.putObject("topicConfiguration").put("retention.ms", -1);
        kafka.put("bindingVersion", KAFKA_BINDING_VERSION);
    }

    private static void receive(ObjectNode operations, String operationId, String channelId, ObjectNode channelMessages,
                                String summary, String description) {
        ObjectNode op = operations.putObject(operationId);
        op.put("action", "receive");
        op.putObject("channel").put("$ref", "#/channels/" + channelId);
        op.put("summary", summary);
        if (description != null) {
            op.put("description", description);
        }
        ArrayNode refs = op.putArray("messages");
        List<String> names = new ArrayList<>();
        channelMessages.fieldNames().forEachRemaining(names::add);
        for (String name : names) {
            refs.addObject().put("$ref", "#/channels/" + channelId + "/messages/" + name);
        }
    }

    private static ObjectNode streamKeySchema() {
        // The key is the event's subject: same limits.
        ObjectNode s = envelopeProperty("subject");
        s.put("title", "Stream");
        s.put("description", "The stream: the sorted pair of the event's two actors joined by `~` (`EU~KZ`), or its"
                + " single anchor actor (`KZ`). Equals the event's `subject`. Every record of one stream goes to one"
                + " partition, in the stream's order.");
        s.putArray("examples").add("EU~KZ").add("KZ");
        return s;
    }

    private static ObjectNode relayHeadersSchema() {
        ObjectNode s = F.objectNode();
        s.put("type", "object");
        s.put("description", "Headers the relay sets on every record.");
        ObjectNode p = s.putObject("properties");
        p.putObject(CONTENT_TYPE_HEADER).put("const", Event.CONTENT_TYPE)
                .put("description", "The record value is a structured-mode CloudEvent.");
        p.set(SEQUENCE_HEADER, envelopeProperty("sequence")
                .put("description", "The event's global sequence in the store, as decimal digits; equals its"
                        + " `sequence` attribute."));
        p.putObject(TRACEPARENT_HEADER).put("type", "string").put("pattern", "^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$")
                .put("description", "The W3C trace context of the request that stored the event (https://www.w3.org/TR/trace-context/),"
                        + " when it came with one: continue its trace when handling the event.");
        p.putObject(REQUEST_ID_HEADER).put("type", "string").put("minLength", 1)
                .put("description", "The id of the request that stored the event (its X-Request-Id), when it came with one.");
        s.putArray("required").add(CONTENT_TYPE_HEADER).add(SEQUENCE_HEADER);
        return s;
    }

    private static ObjectNode deadLetterHeadersSchema() {
        ObjectNode s = F.objectNode();
        s.put("type", "object");
        s.put("description", "Headers a projection sets on a dead letter; the origin record's headers are not copied.");
        ObjectNode p = s.putObject("properties");
        p.putObject("mv-dlq-reason").put("type", "string").put("minLength", 1)
                .put("description", "Why the record could not be applied.");
        ObjectNode topic = p.putObject("mv-dlq-topic").put("type", "string")
                .put("description", "The topic the record was read from.");
        Topic.allNames().forEach(topic.putArray("enum")::add);
        p.putObject("mv-dlq-partition").put("type", "string").put("pattern", "^[0-9]+$")
                .put("description", "The partition it was read from, as decimal digits.");
        p.putObject("mv-dlq-offset").put("type", "string").put("pattern", "^[0-9]+$")
                .put("description", "Its offset there, as decimal digits.");
        p.putObject("mv-dlq-projection").put("type", "string").put("minLength", 1)
                .put("description", "The projection that could not apply it (e.g. relations, trade).");
        ArrayNode required = s.putArray("required");
        DEAD_LETTER_HEADERS.forEach(required::add);
        return s;
    }

    /** A copy of the schema of one envelope attribute, as {@link EventCodec#schema} states it. */
    private static ObjectNode envelopeProperty(String attribute) {
        JsonNode p = EventCodec.schema(EventType.values()[0]).path("properties").path(attribute);
        if (!p.isObject()) {
            throw new IllegalStateException("the envelope schema has no attribute " + attribute);
        }
        return ((ObjectNode) p).deepCopy();
    }

    private static String topicDescription(Topic topic) {
        return switch (topic) {
            case DIPLOMACY -> "Diplomacy: treaties, memberships, visits, summits, mediation, statements, sanctions and aid.";
            case POLITICS -> "Domestic politics: elections and offices assumed.";
            case SECURITY -> "Security: military exercises and reported cooperation.";
            case TRADE -> "Trade: routes and their status, shipments, trade figures and export shares.";
            case CODED -> "Machine-coded interactions imported from event datasets (GDELT 2.0, ...), kept apart from the"
                    + " curated facts of the other topics: subscribe to either or both.";
        };
    }

    private static String capitalized(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static final String INFO_DESCRIPTION = """
            The Kafka topics of Multivector's event catalogue (version %d), for subscribers.

            * **Value**: a CloudEvents 1.0 structured-mode JSON document (`application/cloudevents+json`), the same \
            as `GET /api/v1/events/{id}` returns. Every attribute is set: `id` (UUID), `source`, `type`, `subject` \
            (the stream), `time` (when it was recorded), `datacontenttype` (`application/json`), `dataschema` \
            (`urn:multivector:schema:<type>:<version>`), `sequence` (global position, gap-free in publication \
            order) and `streamversion` (position in the stream, from 1), all as strings; `data` holds the type's \
            fields. `data.occurredOn` (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`) is when it happened.
            * **Key**: the stream, the sorted actor pair joined by `~` (`EU~KZ`) or a single actor (`KZ`). \
            Order is guaranteed per stream.
            * **Headers**: `content-type` and `mv-sequence` (the event's `sequence`); `traceparent` and \
            `mv-request-id` when the request that stored the event had them.
            * **Partitions**: %d per topic as created (an operator may create more); kept forever.
            * **Retractions** (`event.retracted`) go to the topic of the event they retract: undo that event's \
            every effect. A correction is a retraction plus a new event.
            * An event type changes incompatibly only as a new version of its `dataschema`; readers of version 1 \
            keep reading version 1.
            * Every topic has a dead-letter twin `<topic>.dlq` for records a projection could not apply.
            """.formatted(EventType.VERSION, Topic.PARTITIONS);
}
