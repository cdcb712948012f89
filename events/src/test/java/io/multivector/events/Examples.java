package io.multivector.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.multivector.events.catalogue.EventType;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The example corpus under {@code src/test/resources/examples}: one file per event type, plus
 * {@code envelope.json} for the CloudEvents attributes around one type.
 *
 * <p>Each file holds {@code valid} events, written out in full, and {@code invalid} cases, each a
 * change to one valid event ({@code base}, default the first): {@code set} puts values at JSON
 * pointers, {@code remove} deletes them; or a whole {@code event}. Every invalid case names the
 * {@code pointer} the codec must report. A case with {@code codecOnly} is one the codec refuses
 * but the published JSON Schema, by design, accepts; its value says why the schema cannot tell.
 */
public final class Examples {

    /** The files of the corpus, by name, without {@code .json}. */
    public static final List<String> FILES = Stream.concat(
            Arrays.stream(EventType.values()).map(EventType::typeName), Stream.of("envelope")).toList();

    /** One example event and the verdict expected of it. */
    public record Example(String file, EventType type, String name, String kind, boolean valid, String pointer,
                          String codecOnly, JsonNode event) {

        /** The schema refuses it too (every invalid case not marked codec-only). */
        public boolean schemaRefuses() {
            return !valid && codecOnly == null;
        }

        @Override
        public String toString() {
            return file + (valid ? " valid: " : " invalid: ") + name;
        }
    }

    private static volatile List<Example> all;

    private Examples() {
    }

    /** The parsed file (numbers kept as exact decimals, as the codec reads them). */
    public static JsonNode file(String name) {
        String path = "examples/" + name + ".json";
        try (InputStream in = Examples.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + path);
            }
            return EventCodec.bundled().parse(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<Example> all() {
        List<Example> a = all;
        if (a == null) {
            List<Example> built = new ArrayList<>();
            for (String f : FILES) {
                built.addAll(load(f));
            }
            a = List.copyOf(built);
            all = a;
        }
        return a;
    }

    public static List<Example> valid() {
        return all().stream().filter(Example::valid).toList();
    }

    public static List<Example> invalid() {
        return all().stream().filter(e -> !e.valid()).toList();
    }

    static List<Example> load(String name) {
        JsonNode file = file(name);
        EventType type = EventType.ofName(file.path("type").asText())
                .orElseThrow(() -> new IllegalStateException(name + ": unknown type " + file.path("type")));
        List<Example> out = new ArrayList<>();
        List<JsonNode> bases = new ArrayList<>();
        for (JsonNode v : file.path("valid")) {
            bases.add(v.get("event"));
            out.add(new Example(name, type, v.path("name").asText(), "valid", true, null, null, v.get("event").deepCopy()));
        }
        for (JsonNode c : file.path("invalid")) {
            String caseName = c.path("name").asText();
            JsonNode event;
            if (c.has("event")) {
                event = c.get("event").deepCopy();
            } else {
                event = bases.get(c.path("base").asInt(0)).deepCopy();
                for (Iterator<Map.Entry<String, JsonNode>> it = c.path("set").fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    set(event, e.getKey(), e.getValue().deepCopy(), name + "/" + caseName);
                }
                for (JsonNode p : c.path("remove")) {
                    remove(event, p.asText(), name + "/" + caseName);
                }
            }
            out.add(new Example(name, type, caseName, c.path("kind").asText(), false,
                    c.get("pointer").asText(), c.has("codecOnly") ? c.get("codecOnly").asText() : null, event));
        }
        return out;
    }

    /** Puts a value at a pointer whose parent exists; in an array, at an index or one past the end. */
    static void set(JsonNode root, String pointer, JsonNode value, String where) {
        int slash = pointer.lastIndexOf('/');
        JsonNode parent = root.at(pointer.substring(0, slash));
        String token = pointer.substring(slash + 1).replace("~1", "/").replace("~0", "~");
        if (parent instanceof ObjectNode o) {
            o.set(token, value);
        } else if (parent instanceof ArrayNode a && token.matches("[0-9]+") && Integer.parseInt(token) <= a.size()) {
            int i = Integer.parseInt(token);
            if (i == a.size()) {
                a.add(value);
            } else {
                a.set(i, value);
            }
        } else {
            throw new IllegalStateException(where + ": cannot set " + pointer);
        }
    }

    /** Removes what a pointer names; it must exist, so that a typo cannot leave an example valid by accident. */
    static void remove(JsonNode root, String pointer, String where) {
        int slash = pointer.lastIndexOf('/');
        JsonNode parent = root.at(pointer.substring(0, slash));
        String token = pointer.substring(slash + 1).replace("~1", "/").replace("~0", "~");
        if (parent instanceof ObjectNode o && o.has(token)) {
            o.remove(token);
        } else if (parent instanceof ArrayNode a && token.matches("[0-9]+") && Integer.parseInt(token) < a.size()) {
            a.remove(Integer.parseInt(token));
        } else {
            throw new IllegalStateException(where + ": nothing to remove at " + pointer);
        }
    }
}
