package io.multivector.events;

import com.fasterxml.jackson.databind.JsonNode;
import io.multivector.events.Examples.Example;
import io.multivector.events.catalogue.EventType;
import io.multivector.events.shape.ActorCode;
import io.multivector.events.shape.WireEnum;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Every example gets the verdict its file expects from the codec, at the place it expects. */
class ExamplesTests {

    private static final EventCodec CODEC = EventCodec.bundled();

    static List<Example> valid() {
        return Examples.valid();
    }

    static List<Example> invalid() {
        return Examples.invalid();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valid")
    void validExampleDecodes(Example e) {
        Event event = CODEC.decode(e.event());
        assertThat(event.type()).isEqualTo(e.type());
        assertThat(event.data()).isInstanceOf(e.type().dataClass());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void invalidExampleIsRefusedAtItsPointer(Example e) {
        InvalidEventException thrown = catchThrowableOfType(InvalidEventException.class, () -> CODEC.decode(e.event()));
        assertThat(thrown).as("the codec must refuse %s", e).isNotNull();
        assertThat(thrown.violations()).extracting(Violation::pointer).as(e.toString()).contains(e.pointer());
        assertThat(thrown.violations()).allSatisfy(v -> assertThat(v.message()).isNotBlank());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void invalidExampleIsRefusedFromItsBytesToo(Example e) throws Exception {
        // What a client sends is text; the same verdict must come from parsing it. (Numbers beyond
        // a double are written in exponent form, which the plain writer of the codec would expand.)
        byte[] text = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsBytes(e.event());
        InvalidEventException thrown = catchThrowableOfType(InvalidEventException.class, () -> CODEC.decode(text));
        assertThat(thrown).as("the codec must refuse %s", e).isNotNull();
        assertThat(thrown.violations()).extracting(Violation::pointer).contains(e.pointer());
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void everyTypeHasAValidExampleAndTheInvalidVariantsTheIssueAsksFor(EventType type) {
        List<Example> mine = Examples.all().stream().filter(e -> e.file().equals(type.typeName())).toList();
        assertThat(mine).allSatisfy(e -> assertThat(e.type()).isEqualTo(type));
        assertThat(mine).filteredOn(Example::valid).isNotEmpty();

        Set<String> kinds = mine.stream().filter(e -> !e.valid()).map(Example::kind).collect(Collectors.toSet());
        List<String> required = new ArrayList<>(List.of("missing-required", "bad-date", "no-sources",
                "wrong-json-type", "extra-property"));
        var components = Arrays.asList(type.dataClass().getRecordComponents());
        if (components.stream().anyMatch(c -> WireEnum.class.isAssignableFrom(c.getType()))) {
            required.add("wrong-enum");
        }
        if (components.stream().anyMatch(c -> c.isAnnotationPresent(ActorCode.class))) {
            required.add("unknown-actor");
        }
        assertThat(kinds).as("kinds of invalid %s examples", type.typeName()).containsAll(required);
        assertThat(mine).filteredOn(e -> e.kind().equals("missing-required"))
                .extracting(Example::pointer).contains("/data/occurredOn");
        assertThat(mine).filteredOn(e -> e.kind().equals("no-sources"))
                .extracting(Example::pointer).contains("/data/sources", "/data/sources/0/ref");
    }

    @Test
    void everyFieldOfEveryTypeIsExercisedByAnInvalidExample() {
        // Not only occurredOn and sources: every field of every record is the pointer of some
        // refusal, so a field whose check went missing would show up here.
        Set<String> pointers = new HashSet<>();
        Examples.invalid().forEach(e -> pointers.add(e.file() + " " + e.pointer()));
        List<String> untested = new ArrayList<>();
        for (EventType t : EventType.values()) {
            for (var c : t.dataClass().getRecordComponents()) {
                String p = t.typeName() + " /data/" + c.getName();
                if (pointers.stream().noneMatch(q -> q.equals(p) || q.startsWith(p + "/"))) {
                    untested.add(p);
                }
            }
        }
        assertThat(untested).isEmpty();
    }

    @Test
    void casesAreNamedOncePerFileAndChangeTheirBase() {
        for (String f : Examples.FILES) {
            List<Example> mine = Examples.all().stream().filter(e -> e.file().equals(f)).toList();
            assertThat(mine).extracting(Example::name).as(f).doesNotHaveDuplicates();
            List<JsonNode> validEvents = mine.stream().filter(Example::valid).map(Example::event).toList();
            assertThat(mine).filteredOn(e -> !e.valid()).allSatisfy(e ->
                    assertThat(validEvents).as(e.toString()).doesNotContain(e.event()));
        }
    }

    @Test
    void theCorpusCoversManyExamples() {
        assertThat(Examples.valid()).hasSizeGreaterThanOrEqualTo(EventType.values().length);
        assertThat(Examples.invalid()).hasSizeGreaterThan(EventType.values().length * 7);
        assertThat(Examples.invalid()).filteredOn(e -> e.codecOnly() != null).isNotEmpty();
        assertThat(Examples.invalid()).filteredOn(Example::schemaRefuses).isNotEmpty();
    }

    static Stream<String> seedLines() throws IOException {
        Path corpus = Path.of("..", "seeds", "corpus");
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.list(corpus)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".ndjson")).sorted().toList()) {
                Files.readAllLines(f).stream().filter(l -> !l.isBlank()).forEach(lines::add);
            }
        }
        assertThat(lines).hasSizeGreaterThan(50);
        return lines.stream();
    }

    @ParameterizedTest
    @MethodSource("seedLines")
    void everySeedEventDecodes(String line) {
        assertThatCode(() -> CODEC.decode(line.getBytes(java.nio.charset.StandardCharsets.UTF_8))).doesNotThrowAnyException();
    }
}
