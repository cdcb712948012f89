package io.multivector.events.seeds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.multivector.events.Event;
import io.multivector.events.EventCodec;
import io.multivector.events.InvalidEventException;
import io.multivector.events.catalogue.CatalogueRules;
import io.multivector.events.catalogue.EventData;
import io.multivector.events.catalogue.EventRetracted;
import io.multivector.events.catalogue.ExportShareReported;
import io.multivector.events.catalogue.RouteRegistered;
import io.multivector.events.catalogue.RouteStatusChanged;
import io.multivector.events.catalogue.ShareDimension;
import io.multivector.events.catalogue.ShipmentDelivered;
import io.multivector.events.catalogue.TreatySigned;
import io.multivector.events.catalogue.TreatyTerminated;
import io.multivector.events.reference.Actor;
import io.multivector.events.reference.ReferenceData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The seed corpus ({@code seeds/corpus/*.ndjson}) against the event contract and its own rules: every line is a valid
 * event, ids are present and unique, every fact cites one of the five source documents, every actor has a curated
 * entry in the reference data, and every event that refers to an earlier one (a treaty's termination, a route's
 * status change, a retraction, a shipment or route share on a route) finds it earlier in load order.
 *
 * <p>Each check is a function from lines to problems, run once on the corpus and once on a deliberately broken
 * sample, so that a check which could never fail would be noticed.
 */
class SeedCorpusTests {

    /** The five source documents the corpus is drawn from; every {@code sources[].ref} names one of them. */
    static final List<String> DOCUMENTS = List.of(
            "000_34ad74149437b34a.txt",
            "001_ef063ab84040d3ce.txt",
            "002_0c9bc36759053a27.txt",
            "003_37ec6c0b2b217e29.txt",
            "004_6f5ae6959e350ef1.txt");

    /** What a seed event carries; the store sets the rest (subject, time, sequence, stream version, schema). */
    static final Set<String> ENVELOPE = Set.of("specversion", "id", "source", "type", "data");
    static final String SOURCE = "/seeds/kazakhstan";
    /** A note sharing this many consecutive words with its document is a copy, not a paraphrase. */
    static final int COPIED_WORDS = 6;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");

    /** One line of a corpus file, parsed and, when valid, decoded. */
    record Line(String file, int number, String text, JsonNode json, Event event, String error) {
        String where() {
            return file + ":" + number;
        }
    }

    private static List<Line> corpus;
    private static Set<String> curatedActors;

    @BeforeAll
    static void load() throws IOException {
        Path seeds = seedsDir();
        Path corpusDir = seeds.resolve("corpus");
        try (InputStream in = Files.newInputStream(seeds.resolve("reference/actors.json"))) {
            curatedActors = ReferenceData.read(in).curated().stream().map(Actor::code).collect(Collectors.toSet());
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(corpusDir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".ndjson")).sorted().toList();
        }
        List<Line> lines = new ArrayList<>();
        for (Path f : files) {
            List<String> texts = Files.readAllLines(f, StandardCharsets.UTF_8);
            for (int i = 0; i < texts.size(); i++) {
                lines.add(line(f.getFileName().toString(), i + 1, texts.get(i)));
            }
        }
        corpus = List.copyOf(lines);
    }

    /**
     * {@code seeds/} beside the events module: {@code ../seeds} from the module directory (surefire's
     * {@code basedir}, else the working directory). Fails, naming the path tried, when it is not there.
     */
    static Path seedsDir() {
        Path module = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath().normalize();
        Path seeds = module.resolve("../seeds").normalize();
        if (!Files.isDirectory(seeds.resolve("corpus")) || !Files.isRegularFile(seeds.resolve("reference/actors.json"))) {
            fail("seed corpus not found: expected " + seeds.resolve("corpus") + " and " + seeds.resolve("reference/actors.json")
                    + " (resolved as ../seeds from the module directory " + module + "); run the tests from the events module");
        }
        return seeds;
    }

    static Line line(String file, int number, String text) {
        JsonNode json = null;
        Event event = null;
        String error = null;
        try {
            json = JSON.readTree(text);
        } catch (IOException e) {
            error = "not JSON: " + e.getMessage();
        }
        if (json != null) {
            try {
                event = EventCodec.bundled().decode(text.getBytes(StandardCharsets.UTF_8));
            } catch (InvalidEventException e) {
                error = e.violations().stream().map(v -> v.pointer() + " " + v.message()).collect(Collectors.joining("; "));
            }
        }
        return new Line(file, number, text, json, event, error);
    }

    // ---------------------------------------------------------------- checks: lines in, problems out

    static List<String> invalidLines(List<Line> lines) {
        List<String> problems = new ArrayList<>();
        for (Line l : lines) {
            if (l.text().isBlank()) {
                problems.add(l.where() + ": blank line");
            } else if (l.error() != null) {
                problems.add(l.where() + ": " + l.error());
            }
        }
        return problems;
    }

    static List<String> envelopeProblems(List<Line> lines) {
        List<String> problems = new ArrayList<>();
        for (Line l : lines) {
            if (l.json() == null || !l.json().isObject()) {
                continue;
            }
            for (Iterator<String> it = l.json().fieldNames(); it.hasNext(); ) {
                String name = it.next();
                if (!ENVELOPE.contains(name)) {
                    problems.add(l.where() + ": attribute '" + name + "' is set by the store, not by the corpus");
                }
            }
            if (!SOURCE.equals(l.json().path("source").asText(null))) {
                problems.add(l.where() + ": source must be " + SOURCE);
            }
            if (hasNull(l.json())) {
                problems.add(l.where() + ": contains a null (leave optional fields out)");
            }
        }
        return problems;
    }

    static List<String> idProblems(List<Line> lines) {
        List<String> problems = new ArrayList<>();
        Map<String, String> firstSeen = new HashMap<>();
        for (Line l : lines) {
            JsonNode id = l.json() == null ? null : l.json().get("id");
            if (id == null || !id.isTextual() || id.asText().isBlank()) {
                problems.add(l.where() + ": no id (a seed needs a stable id, so that loading twice stores nothing new)");
                continue;
            }
            String key = id.asText().toLowerCase(Locale.ROOT);
            String before = firstSeen.putIfAbsent(key, l.where());
            if (before != null) {
                problems.add(l.where() + ": id " + key + " already used at " + before);
            }
        }
        return problems;
    }

    static List<String> sourceProblems(List<Line> lines) {
        List<String> problems = new ArrayList<>();
        for (Line l : lines) {
            JsonNode sources = l.json() == null ? null : l.json().path("data").get("sources");
            if (sources == null || !sources.isArray() || sources.isEmpty()) {
                problems.add(l.where() + ": no sources");
                continue;
            }
            for (JsonNode s : sources) {
                String ref = s.path("ref").asText("");
                if (!DOCUMENTS.contains(ref)) {
                    problems.add(l.where() + ": source '" + ref + "' is not one of the five documents " + DOCUMENTS);
                }
                if (s.path("note").asText("").isBlank()) {
                    problems.add(l.where() + ": source '" + ref + "' has no note saying what the document supports");
                }
            }
        }
        return problems;
    }

    static List<String> uncuratedActors(List<Line> lines, Set<String> curated) {
        List<String> problems = new ArrayList<>();
        for (Line l : lines) {
            if (l.event() == null) {
                continue;
            }
            for (String code : CatalogueRules.actorsOf(l.event().data())) {
                if (!curated.contains(code)) {
                    problems.add(l.where() + ": actor '" + code + "' has no entry in seeds/reference/actors.json");
                }
            }
        }
        return problems;
    }

    /**
     * In load order (files by name, then lines): a terminated treaty was signed before (and a withdrawing party is
     * one of its parties), a route is registered before its status changes and before shipments or route shares
     * name it, and a retraction names an event that came before it.
     */
    static List<String> danglingReferences(List<Line> lines) {
        List<String> problems = new ArrayList<>();
        Map<String, List<String>> treaties = new HashMap<>();
        Set<String> routes = new HashSet<>();
        Set<String> ids = new HashSet<>();
        for (Line l : lines) {
            if (l.event() == null) {
                continue;
            }
            EventData data = l.event().data();
            switch (data) {
                case TreatySigned t -> treaties.putIfAbsent(t.treatyId(), t.parties());
                case TreatyTerminated t -> {
                    List<String> parties = treaties.get(t.treatyId());
                    if (parties == null) {
                        problems.add(l.where() + ": terminates treaty '" + t.treatyId() + "', which no earlier treaty.signed records");
                    } else if (t.party() != null && !parties.contains(t.party())) {
                        problems.add(l.where() + ": '" + t.party() + "' withdraws from '" + t.treatyId() + "' but is not one of its parties " + parties);
                    }
                }
                case RouteRegistered r -> routes.add(r.routeId());
                case RouteStatusChanged r -> {
                    if (!routes.contains(r.routeId())) {
                        problems.add(l.where() + ": status change of route '" + r.routeId() + "', which no earlier route.registered records");
                    }
                }
                case ShipmentDelivered s -> {
                    if (s.routeId() != null && !routes.contains(s.routeId())) {
                        problems.add(l.where() + ": shipment over route '" + s.routeId() + "', which no earlier route.registered records");
                    }
                }
                case ExportShareReported e -> {
                    if (e.dimension() == ShareDimension.ROUTE && !routes.contains(e.key())) {
                        problems.add(l.where() + ": share of route '" + e.key() + "', which no earlier route.registered records");
                    }
                }
                case EventRetracted r -> {
                    if (!ids.contains(r.eventId().toLowerCase(Locale.ROOT))) {
                        problems.add(l.where() + ": retracts event " + r.eventId() + ", which is not earlier in the corpus");
                    }
                }
                default -> { }
            }
            if (l.event().id() != null) {
                ids.add(l.event().id().toString());
            }
        }
        return problems;
    }

    /** Notes that repeat {@link #COPIED_WORDS} or more consecutive words of the document they cite. */
    static List<String> copiedNotes(List<Line> lines, Map<String, String> documents) {
        Map<String, Set<String>> grams = new HashMap<>();
        documents.forEach((name, text) -> grams.put(name, ngrams(words(text))));
        List<String> problems = new ArrayList<>();
        for (Line l : lines) {
            if (l.json() == null) {
                continue;
            }
            for (JsonNode s : l.json().path("data").path("sources")) {
                Set<String> doc = grams.get(s.path("ref").asText(""));
                if (doc == null) {
                    continue;
                }
                List<String> note = words(s.path("note").asText(""));
                for (int i = 0; i + COPIED_WORDS <= note.size(); i++) {
                    String gram = String.join(" ", note.subList(i, i + COPIED_WORDS));
                    if (doc.contains(gram)) {
                        problems.add(l.where() + ": note repeats \"" + gram + "\" from " + s.path("ref").asText() + "; paraphrase it");
                        break;
                    }
                }
            }
        }
        return problems;
    }

    // ---------------------------------------------------------------- the corpus

    @Test
    void theCorpusHasEvents() {
        assertThat(corpus).as("events in seeds/corpus/*.ndjson").isNotEmpty();
    }

    @Test
    void everyLineDecodesAndValidatesWithTheEventsCodec() {
        assertThat(invalidLines(corpus)).as("lines that are not valid events").isEmpty();
    }

    @Test
    void everyLineCarriesOnlyTheSeedEnvelope() {
        assertThat(envelopeProblems(corpus)).isEmpty();
    }

    @Test
    void idsArePresentAndUnique() {
        assertThat(idProblems(corpus)).isEmpty();
    }

    @Test
    void everySourceCitesOneOfTheFiveDocumentsWithANote() {
        assertThat(sourceProblems(corpus)).isEmpty();
    }

    @Test
    void everyActorHasAnEntryInTheReferenceData() {
        assertThat(curatedActors).as("curated actors").isNotEmpty();
        assertThat(uncuratedActors(corpus, curatedActors)).isEmpty();
    }

    @Test
    void theBundledReferenceDataIsTheSeedsFile() {
        // The codec validates against the jar's copy of seeds/reference/actors.json; a stale copy would hide errors.
        assertThat(ReferenceData.bundled().curated().stream().map(Actor::code).collect(Collectors.toSet()))
                .isEqualTo(curatedActors);
    }

    @Test
    void eventsThatReferToEarlierOnesFindThem() {
        assertThat(danglingReferences(corpus)).isEmpty();
    }

    @Test
    void notesParaphraseTheDocumentsRatherThanCopyThem() {
        Path dir = seedsDir().resolve("../../shared/seeds").normalize();
        assumeTrue(Files.isDirectory(dir), "source documents not available at " + dir + "; copy check skipped");
        Map<String, String> documents = new LinkedHashMap<>();
        for (String name : DOCUMENTS) {
            Path p = dir.resolve(name);
            assertThat(p).as("source document").isRegularFile();
            documents.put(name, read(p));
        }
        assertThat(copiedNotes(corpus, documents)).isEmpty();
    }

    // ---------------------------------------------------------------- the checks can fail

    private static final String OK_SOURCE = "\"sources\":[{\"ref\":\"001_ef063ab84040d3ce.txt\",\"note\":\"paraphrase\"}]";

    private static Line sample(int n, String json) {
        return line("sample.ndjson", n, json);
    }

    @Test
    void anInvalidLineIsReported() {
        List<Line> bad = List.of(
                sample(1, "{\"specversion\":\"1.0\",\"id\":\"00000000-0000-4000-8000-000000000001\",\"source\":\"/seeds/kazakhstan\","
                        + "\"type\":\"visit.made\",\"data\":{\"occurredOn\":\"2019-13\",\"visitor\":\"X\",\"visitorActor\":\"KZ\",\"host\":\"KZ\"," + OK_SOURCE + "}}"),
                sample(2, "{not json"),
                sample(3, ""));
        assertThat(invalidLines(bad)).hasSize(3);
    }

    @Test
    void missingAndDuplicateIdsAreReported() {
        String body = "\"source\":\"/seeds/kazakhstan\",\"type\":\"statement.made\",\"data\":{\"occurredOn\":\"2020\",\"speaker\":\"US\","
                + "\"target\":\"KZ\",\"stance\":\"supportive\",\"summary\":\"s\"," + OK_SOURCE + "}}";
        List<Line> bad = List.of(
                sample(1, "{\"specversion\":\"1.0\"," + body),
                sample(2, "{\"specversion\":\"1.0\",\"id\":\"00000000-0000-4000-8000-000000000002\"," + body),
                sample(3, "{\"specversion\":\"1.0\",\"id\":\"00000000-0000-4000-8000-000000000002\"," + body));
        assertThat(invalidLines(bad)).isEmpty();
        assertThat(idProblems(bad)).hasSize(2).anySatisfy(p -> assertThat(p).contains("sample.ndjson:1"))
                .anySatisfy(p -> assertThat(p).contains("already used at sample.ndjson:2"));
    }

    @Test
    void aSourceOutsideTheFiveDocumentsOrWithoutNoteIsReported() {
        Line bad = sample(1, "{\"specversion\":\"1.0\",\"id\":\"00000000-0000-4000-8000-000000000003\",\"source\":\"/seeds/kazakhstan\","
                + "\"type\":\"statement.made\",\"data\":{\"occurredOn\":\"2020\",\"speaker\":\"US\",\"target\":\"KZ\",\"stance\":\"supportive\","
                + "\"summary\":\"s\",\"sources\":[{\"ref\":\"wikipedia\",\"note\":\"n\"},{\"ref\":\"002_0c9bc36759053a27.txt\"}]}}");
        assertThat(bad.error()).isNull();
        assertThat(sourceProblems(List.of(bad))).hasSize(2);
    }

    @Test
    void anActorWithoutACuratedEntryIsReported() {
        // BR is an assigned ISO code, so the codec accepts it; the corpus still wants it curated (with its bloc).
        Line bad = sample(1, "{\"specversion\":\"1.0\",\"id\":\"00000000-0000-4000-8000-000000000004\",\"source\":\"/seeds/kazakhstan\","
                + "\"type\":\"statement.made\",\"data\":{\"occurredOn\":\"2020\",\"speaker\":\"BR\",\"target\":\"KZ\",\"stance\":\"supportive\","
                + "\"summary\":\"s\"," + OK_SOURCE + "}}");
        assertThat(bad.error()).isNull();
        assertThat(uncuratedActors(List.of(bad), curatedActors)).containsExactly("sample.ndjson:1: actor 'BR' has no entry in seeds/reference/actors.json");
    }

    @Test
    void storeAttributesNullsAndForeignSourcesAreReported() {
        Line bad = sample(1, "{\"specversion\":\"1.0\",\"id\":\"00000000-0000-4000-8000-000000000005\",\"source\":\"/api\","
                + "\"time\":\"2024-01-01T00:00:00Z\",\"type\":\"statement.made\",\"data\":{\"occurredOn\":\"2020\",\"speaker\":\"US\","
                + "\"target\":\"KZ\",\"stance\":\"supportive\",\"summary\":\"s\",\"place\":null," + OK_SOURCE + "}}");
        assertThat(envelopeProblems(List.of(bad))).hasSize(3);
    }

    @Test
    void referencesToMissingOrLaterEventsAreReported() {
        String head = "{\"specversion\":\"1.0\",\"source\":\"/seeds/kazakhstan\",";
        List<Line> bad = List.of(
                sample(1, head + "\"id\":\"00000000-0000-4000-8000-000000000010\",\"type\":\"treaty.terminated\",\"data\":{\"occurredOn\":\"2020\","
                        + "\"treatyId\":\"no-such-treaty\"," + OK_SOURCE + "}}"),
                sample(2, head + "\"id\":\"00000000-0000-4000-8000-000000000011\",\"type\":\"route.status.changed\",\"data\":{\"occurredOn\":\"2020\","
                        + "\"routeId\":\"later-route\",\"status\":\"closed\"," + OK_SOURCE + "}}"),
                sample(3, head + "\"id\":\"00000000-0000-4000-8000-000000000012\",\"type\":\"event.retracted\",\"data\":{\"occurredOn\":\"2020\","
                        + "\"eventId\":\"00000000-0000-4000-8000-000000000099\",\"reason\":\"r\"," + OK_SOURCE + "}}"),
                sample(4, head + "\"id\":\"00000000-0000-4000-8000-000000000013\",\"type\":\"route.registered\",\"data\":{\"occurredOn\":\"2020\","
                        + "\"routeId\":\"later-route\",\"name\":\"n\",\"kind\":\"pipeline\",\"origin\":\"KZ\",\"transit\":[],\"status\":\"operating\"," + OK_SOURCE + "}}"),
                sample(5, head + "\"id\":\"00000000-0000-4000-8000-000000000014\",\"type\":\"treaty.signed\",\"data\":{\"occurredOn\":\"2020\","
                        + "\"treatyId\":\"t\",\"title\":\"t\",\"kind\":\"other\",\"parties\":[\"KZ\",\"RU\"]," + OK_SOURCE + "}}"),
                sample(6, head + "\"id\":\"00000000-0000-4000-8000-000000000015\",\"type\":\"treaty.terminated\",\"data\":{\"occurredOn\":\"2021\","
                        + "\"treatyId\":\"t\",\"party\":\"CN\"," + OK_SOURCE + "}}"),
                sample(7, head + "\"id\":\"00000000-0000-4000-8000-000000000016\",\"type\":\"event.retracted\",\"data\":{\"occurredOn\":\"2021\","
                        + "\"eventId\":\"00000000-0000-4000-8000-000000000014\",\"reason\":\"r\"," + OK_SOURCE + "}}"),
                sample(8, head + "\"id\":\"00000000-0000-4000-8000-000000000017\",\"type\":\"route.status.changed\",\"data\":{\"occurredOn\":\"2021\","
                        + "\"routeId\":\"later-route\",\"status\":\"closed\"," + OK_SOURCE + "}}"));
        assertThat(invalidLines(bad)).isEmpty();
        assertThat(danglingReferences(bad)).hasSize(4)
                .anySatisfy(p -> assertThat(p).startsWith("sample.ndjson:1:").contains("no-such-treaty"))
                .anySatisfy(p -> assertThat(p).startsWith("sample.ndjson:2:").contains("later-route"))
                .anySatisfy(p -> assertThat(p).startsWith("sample.ndjson:3:").contains("not earlier"))
                .anySatisfy(p -> assertThat(p).startsWith("sample.ndjson:6:").contains("'CN'"));
    }

    @Test
    void aCopiedNoteIsReported() {
        Line bad = sample(1, "{\"specversion\":\"1.0\",\"id\":\"00000000-0000-4000-8000-000000000020\",\"source\":\"/seeds/kazakhstan\","
                + "\"type\":\"statement.made\",\"data\":{\"occurredOn\":\"2020\",\"speaker\":\"US\",\"target\":\"KZ\",\"stance\":\"supportive\","
                + "\"summary\":\"s\",\"sources\":[{\"ref\":\"001_ef063ab84040d3ce.txt\",\"note\":\"As the text says, the quick brown fox jumps over the lazy dog.\"}]}}");
        Map<String, String> docs = Map.of("001_ef063ab84040d3ce.txt", "Once the Quick brown fox -- jumps over the lazy dog, twice.");
        assertThat(copiedNotes(List.of(bad), docs)).hasSize(1);
        assertThat(copiedNotes(List.of(bad), Map.of("001_ef063ab84040d3ce.txt", "A fox jumped over a dog."))).isEmpty();
    }

    // ---------------------------------------------------------------- helpers

    private static boolean hasNull(JsonNode n) {
        if (n.isNull()) {
            return true;
        }
        for (JsonNode child : n) {
            if (hasNull(child)) {
                return true;
            }
        }
        return false;
    }

    private static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        Matcher m = WORD.matcher(text.toLowerCase(Locale.ROOT));
        while (m.find()) {
            words.add(m.group());
        }
        return words;
    }

    private static Set<String> ngrams(List<String> words) {
        Set<String> grams = new HashSet<>();
        for (int i = 0; i + COPIED_WORDS <= words.size(); i++) {
            grams.add(String.join(" ", words.subList(i, i + COPIED_WORDS)));
        }
        return grams;
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
