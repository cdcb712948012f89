package io.multivector.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.multivector.events.catalogue.CatalogueRules;
import io.multivector.events.catalogue.EventData;
import io.multivector.events.catalogue.EventType;
import io.multivector.events.reference.ReferenceData;
import io.multivector.events.shape.RecordShape;
import io.multivector.events.shape.ShapeCheck;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes events as CloudEvents 1.0 structured-mode JSON, the same on HTTP and as the
 * Kafka record value, and validates them. Every violation names its place by JSON pointer.
 */
public final class EventCodec {

    static final String UUID_PATTERN = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";
    static final String RFC3339_PATTERN = "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,9})?(Z|[+-][0-9]{2}:[0-9]{2})$";
    static final String DIGITS_PATTERN = "^[0-9]{1,18}$";
    static final int MAX_SOURCE = 500;
    static final int MAX_SUBJECT = 200;
    private static final Pattern SCHEMA_URN = Pattern.compile("^urn:multivector:schema:([a-z.]+):([0-9]+)$");
    private static final Set<String> ATTRIBUTES = Set.of("specversion", "id", "source", "type", "subject", "time",
            "datacontenttype", "dataschema", "sequence", "streamversion", "data");
    private static volatile EventCodec bundled;

    private final ReferenceData reference;
    private final ObjectMapper mapper;
    /** Each type's data read from the middle of a record, where the rest of the record follows ({@link #decodeStored}). */
    private final Map<EventType, ObjectReader> dataReaders = new EnumMap<>(EventType.class);
    private final ObjectReader midRecord;

    public EventCodec(ReferenceData reference) {
        this.reference = reference;
        JsonFactory json = JsonFactory.builder()
                // Hostile input costs little: shallow documents, bounded strings and numbers.
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(64).maxStringLength(1_000_000).maxNumberLength(100).build())
                // {"parties":["KZ","RU"],"parties":["KZ","CN"]} means two things; refuse it rather than keep the last
                .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        this.mapper = JsonMapper.builder(json)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
                .serializationInclusion(JsonInclude.Include.NON_NULL)
                .build();
        this.midRecord = mapper.reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        for (EventType type : EventType.values()) {
            dataReaders.put(type, midRecord.forType(type.dataClass()));
        }
    }

    /** A codec over the reference data shipped in this jar. */
    public static EventCodec bundled() {
        EventCodec c = bundled;
        if (c == null) {
            c = new EventCodec(ReferenceData.bundled());
            bundled = c;
        }
        return c;
    }

    public ReferenceData reference() {
        return reference;
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    /** Parses JSON text; a syntax error is a violation at the document root. */
    public JsonNode parse(byte[] json) {
        try {
            JsonNode node = mapper.readTree(json);
            if (node == null || node.isMissingNode()) {
                throw new InvalidEventException(List.of(new Violation("", "the body is empty")));
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new InvalidEventException(List.of(new Violation("", "not valid JSON: " + e.getOriginalMessage())));
        } catch (NumberFormatException e) {
            // Jackson reads decimals exactly and gives up on an exponent of many digits (found by fuzzing: it was a 500)
            throw new InvalidEventException(List.of(new Violation("", "not valid JSON here: a number whose exponent is too long to read exactly")));
        } catch (IOException e) {
            throw new InvalidEventException(List.of(new Violation("", "unreadable JSON: " + e.getMessage())));
        }
    }

    public Event decode(byte[] json) {
        return decode(parse(json));
    }

    /** Validates a CloudEvent and reads it; throws {@link InvalidEventException} naming every problem found. */
    public Event decode(JsonNode root) {
        ShapeCheck check = new ShapeCheck(reference);
        if (!root.isObject()) {
            check.fail("", "an event must be a JSON object");
            throw new InvalidEventException(check.violations());
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!ATTRIBUTES.contains(name)) {
                check.fail("/" + name.replace("~", "~0").replace("/", "~1"),
                        "is not an attribute of this API's CloudEvents (" + String.join(", ", ATTRIBUTES.stream().sorted().toList()) + ")");
            }
        }
        String specVersion = text(root, "specversion", 10, check);
        if (specVersion != null && !Event.SPEC_VERSION.equals(specVersion)) {
            check.fail("/specversion", "must be " + Event.SPEC_VERSION);
        }
        UUID id = null;
        String idText = text(root, "id", 36, check);
        if (idText != null) {
            if (CompiledPatterns.matches(UUID_PATTERN, idText)) {
                id = UUID.fromString(idText);
            } else {
                check.fail("/id", "must be a UUID");
            }
        }
        String source = text(root, "source", MAX_SOURCE, check);
        if (source != null) {
            try {
                new URI(source);
            } catch (URISyntaxException e) {
                check.fail("/source", "must be a URI reference");
            }
        }
        EventType type = null;
        String typeName = text(root, "type", 100, check);
        if (typeName == null && !root.has("type")) {
            check.fail("/type", "is required");
        } else if (typeName != null) {
            type = EventType.ofName(typeName).orElse(null);
            if (type == null) {
                check.fail("/type", "unknown event type '" + clip(typeName) + "'; the catalogue has "
                        + String.join(", ", Arrays.stream(EventType.values()).map(EventType::typeName).toList()));
            }
        }
        String subject = text(root, "subject", MAX_SUBJECT, check);
        Instant time = null;
        String timeText = text(root, "time", 40, check);
        if (timeText != null) {
            try {
                if (!CompiledPatterns.matches(RFC3339_PATTERN, timeText)) {
                    throw new DateTimeParseException("", timeText, 0);
                }
                time = Rfc3339Time.parse(timeText);
            } catch (DateTimeException e) { // a parse failure, or a day or hour that does not exist
                check.fail("/time", "must be an RFC 3339 timestamp");
            }
        }
        String contentType = text(root, "datacontenttype", 100, check);
        if (contentType != null && !Event.DATA_CONTENT_TYPE.equals(contentType)) {
            check.fail("/datacontenttype", "must be " + Event.DATA_CONTENT_TYPE);
        }
        String dataSchema = text(root, "dataschema", 200, check);
        if (type != null) {
            unknownSchema(dataSchema, type).ifPresent(problem -> check.fail("/dataschema", problem));
        }
        Long sequence = digits(root, "sequence", check);
        Long streamVersion = digits(root, "streamversion", check);
        JsonNode dataNode = root.get("data");
        if (dataNode == null || dataNode.isNull()) {
            check.fail("/data", "is required");
        } else if (type != null) {
            RecordShape.of(type.dataClass()).check(dataNode, "/data", check);
        } else if (!dataNode.isObject()) {
            check.fail("/data", "must be an object");
        }
        if (check.failed()) {
            throw new InvalidEventException(check.violations());
        }
        EventData data;
        try {
            data = mapper.treeToValue(dataNode, type.dataClass());
        } catch (JsonProcessingException | IllegalArgumentException e) {
            // The shape check above admits only what maps; reaching here is a bug in a shape.
            throw new IllegalStateException("data passed its shape but does not map to " + type.dataClass().getSimpleName(), e);
        }
        CatalogueRules.check(data, check);
        if (subject != null) {
            CatalogueRules.streamOf(data).filter(s -> !s.equals(subject)).ifPresent(expected ->
                    check.fail("/subject", "must be the event's stream '" + expected + "' (or be omitted)"));
        }
        if (check.failed()) {
            throw new InvalidEventException(check.violations());
        }
        return new Event(id, source == null ? Event.DEFAULT_SOURCE : source, type, subject, time, sequence, streamVersion, data);
    }

    /**
     * Reads a record the store published: {@link #decode} checked it at ingest, so a reader of the topics does not
     * check its shape again (a third of a projector's decoding time was that second check). What reading cannot do
     * without is still refused with an {@link InvalidEventException}: text that is not JSON, an envelope without a
     * known type or with attributes that do not parse, data that does not map to its type, and an actor the reference
     * data does not know (its answers would name an actor nobody can look up).
     */
    public Event decodeStored(byte[] json) {
        Map<String, String> attributes = new HashMap<>();
        EventType type = null;
        EventData data = null;
        JsonNode dataBeforeType = null;
        // one pass over the bytes: the store writes the type before the data, which maps straight from the parser
        try (JsonParser p = mapper.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw invalid("", "an event must be a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (name.equals("data")) {
                    if (value == JsonToken.VALUE_NULL) {
                        continue;
                    }
                    if (type == null) {
                        dataBeforeType = midRecord.readTree(p);
                    } else {
                        refuseUnknownSchema(attributes, type); // data of another version may not mean what this one's does
                        ObjectReader reader = dataReaders.get(type);
                        data = mapData(() -> reader.readValue(p));
                    }
                } else if (value.isScalarValue()) {
                    attributes.put(name, value == JsonToken.VALUE_NULL ? null : p.getText());
                    if (name.equals("type")) {
                        type = attributesType(attributes);
                    }
                } else {
                    p.skipChildren();
                }
            }
            if (p.nextToken() != null) {
                throw invalid("", "not valid JSON: content after the event");
            }
        } catch (JsonProcessingException e) {
            throw invalid("", "not valid JSON: " + e.getOriginalMessage());
        } catch (NumberFormatException e) {
            throw invalid("", "not valid JSON here: a number whose exponent is too long to read exactly");
        } catch (IOException e) {
            throw invalid("", "unreadable JSON: " + e.getMessage());
        }
        EventType known = attributesType(attributes);
        refuseUnknownSchema(attributes, known);
        if (dataBeforeType != null) {
            JsonNode tree = dataBeforeType;
            data = mapData(() -> mapper.treeToValue(tree, known.dataClass()));
        }
        if (data == null) {
            throw invalid("/data", "is required");
        }
        for (String actor : CatalogueRules.actorsOf(data)) {
            if (!reference.isKnown(actor)) {
                throw invalid("/data", "unknown actor code '" + clip(actor) + "'");
            }
        }
        return new Event(stored(attributes, "id", UUID::fromString), Objects.requireNonNullElse(attributes.get("source"), Event.DEFAULT_SOURCE),
                known, attributes.get("subject"), stored(attributes, "time", Rfc3339Time::parse), stored(attributes, "sequence", Long::valueOf),
                stored(attributes, "streamversion", Long::valueOf), data);
    }

    private static InvalidEventException invalid(String pointer, String message) {
        return new InvalidEventException(List.of(new Violation(pointer, message)));
    }

    private static void refuseUnknownSchema(Map<String, String> attributes, EventType type) {
        unknownSchema(attributes.get("dataschema"), type).ifPresent(problem -> {
            throw invalid("/dataschema", problem);
        });
    }

    /** The catalogue's type of a stored record; refused when it names none. */
    private static EventType attributesType(Map<String, String> attributes) {
        String name = attributes.get("type");
        return (name == null ? Optional.<EventType>empty() : EventType.ofName(name))
                .orElseThrow(() -> invalid("/type", "unknown event type '" + clip(String.valueOf(name)) + "'"));
    }

    /** Data read by {@code read}; what does not map to its type is refused, naming the field by pointer. */
    private static EventData mapData(Callable<EventData> read) {
        try {
            return read.call();
        } catch (JsonMappingException e) {
            if (e.getCause() instanceof StreamReadException broken) {
                throw invalid("", "not valid JSON: " + broken.getOriginalMessage()); // mapping stopped where the text did
            }
            StringBuilder pointer = new StringBuilder("/data");
            e.getPath().forEach(r -> pointer.append('/').append(r.getFieldName() != null
                    ? r.getFieldName().replace("~", "~0").replace("/", "~1") : Integer.toString(r.getIndex())));
            throw invalid(pointer.toString(), "not as the store writes it: " + e.getOriginalMessage());
        } catch (StreamReadException e) {
            throw invalid("", "not valid JSON: " + e.getOriginalMessage());
        } catch (Exception e) {
            throw invalid("/data", "not as the store writes it: " + e.getMessage());
        }
    }

    /** A stored record's attribute read by {@code read}, null when absent; one that does not read is refused by name. */
    private static <T> T stored(Map<String, String> attributes, String name, Function<String, T> read) {
        String v = attributes.get(name);
        if (v == null) {
            return null;
        }
        try {
            return read.apply(v);
        } catch (RuntimeException e) {
            throw invalid("/" + name, "not as the store writes it: " + e.getMessage());
        }
    }

    private static String text(JsonNode root, String name, int maxLength, ShapeCheck check) {
        JsonNode v = root.get(name);
        if (v == null) {
            return null;
        }
        if (!v.isTextual()) {
            check.fail("/" + name, "must be a string");
            return null;
        }
        String s = v.textValue();
        if (s.isEmpty()) {
            check.fail("/" + name, "must not be empty");
            return null;
        }
        if (s.codePointCount(0, s.length()) > maxLength) {
            check.fail("/" + name, "must be at most " + maxLength + " characters");
            return null;
        }
        return s;
    }

    private static Long digits(JsonNode root, String name, ShapeCheck check) {
        JsonNode v = root.get(name);
        if (v == null) {
            return null;
        }
        if (!v.isTextual() || !CompiledPatterns.matches(DIGITS_PATTERN, v.textValue())) {
            check.fail("/" + name, "must be a string of decimal digits");
            return null;
        }
        return Long.parseLong(v.textValue());
    }

    /** What is wrong with {@code dataSchema} for {@code type}, if anything: absent is right, as is the type's own URN. */
    private static Optional<String> unknownSchema(String dataSchema, EventType type) {
        if (dataSchema == null || dataSchema.equals(type.schemaUrn())) {
            return Optional.empty();
        }
        Matcher m = SCHEMA_URN.matcher(dataSchema);
        return Optional.of(m.matches() && m.group(1).equals(type.typeName())
                ? "version " + m.group(2) + " of " + type.typeName() + " is not known; this reader knows version " + EventType.VERSION
                : "must be " + type.schemaUrn());
    }

    private static String clip(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }

    /** The event as a CloudEvents structured-mode JSON object, attributes in a fixed order. */
    public ObjectNode toJson(Event e) {
        return toJson(e, dataTree(e));
    }

    /** The event's data as a JSON tree; made once, it serves both {@link #encode} and {@link #canonicalContent}. */
    public JsonNode dataTree(Event e) {
        return mapper.valueToTree(e.data());
    }

    private ObjectNode toJson(Event e, JsonNode data) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("specversion", Event.SPEC_VERSION);
        if (e.id() != null) {
            o.put("id", e.id().toString());
        }
        o.put("source", e.source());
        o.put("type", e.type().typeName());
        if (e.subject() != null) {
            o.put("subject", e.subject());
        }
        if (e.time() != null) {
            o.put("time", e.time().toString());
        }
        o.put("datacontenttype", Event.DATA_CONTENT_TYPE);
        o.put("dataschema", e.type().schemaUrn());
        if (e.sequence() != null) {
            o.put("sequence", e.sequence().toString());
        }
        if (e.streamVersion() != null) {
            o.put("streamversion", e.streamVersion().toString());
        }
        o.set("data", data);
        return o;
    }

    public byte[] encode(Event e) {
        return encode(e, dataTree(e));
    }

    /** {@code data}: this event's {@link #dataTree}. */
    public byte[] encode(Event e, JsonNode data) {
        try {
            return mapper.writeValueAsBytes(toJson(e, data));
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /**
     * What makes two submissions of one id the same event: source, type, subject and data, in a
     * canonical form. Store-assigned attributes (time, sequence, stream version) are not part of it.
     */
    public byte[] canonicalContent(Event e, String subject) {
        return canonicalContent(e, subject, dataTree(e));
    }

    /** {@code data}: this event's {@link #dataTree}. */
    public byte[] canonicalContent(Event e, String subject, JsonNode data) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("source", e.source());
        o.put("type", e.type().typeName());
        o.put("subject", subject);
        o.set("data", data);
        return o.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** JSON Schema (2020-12) of a whole event of this type as this API accepts it. */
    public static ObjectNode schema(EventType type) {
        ObjectNode s = JsonNodeFactory.instance.objectNode();
        s.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        s.put("$id", type.schemaUrn());
        s.put("title", type.typeName());
        s.put("type", "object");
        ObjectNode p = s.putObject("properties");
        p.putObject("specversion").put("const", Event.SPEC_VERSION);
        p.putObject("id").put("type", "string").put("pattern", UUID_PATTERN);
        p.putObject("source").put("type", "string").put("minLength", 1).put("maxLength", MAX_SOURCE);
        p.putObject("type").put("const", type.typeName());
        p.putObject("subject").put("type", "string").put("minLength", 1).put("maxLength", MAX_SUBJECT);
        p.putObject("time").put("type", "string").put("pattern", RFC3339_PATTERN);
        p.putObject("datacontenttype").put("const", Event.DATA_CONTENT_TYPE);
        p.putObject("dataschema").put("const", type.schemaUrn());
        p.putObject("sequence").put("type", "string").put("pattern", DIGITS_PATTERN);
        p.putObject("streamversion").put("type", "string").put("pattern", DIGITS_PATTERN);
        RecordShape.of(type.dataClass()).schema(p.putObject("data"));
        s.putArray("required").add("type").add("data");
        s.put("additionalProperties", false);
        return s;
    }
}
