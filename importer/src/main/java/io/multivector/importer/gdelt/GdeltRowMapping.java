package io.multivector.importer.gdelt;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.multivector.events.EventCodec;
import io.multivector.events.InvalidEventException;
import io.multivector.events.catalogue.EventType;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * One row of a GDELT 2.0 event export as an {@code interaction.coded} event, or the reason it is
 * not one. The event's id is derived from the dataset and GLOBALEVENTID, so importing a row again
 * sends the same event (the store answers it as already stored).
 */
public final class GdeltRowMapping {

    public static final String DATASET = "gdelt-2.0";
    private static final Pattern EVENT_ID = Pattern.compile("[0-9]{1,19}");
    private static final Pattern HTTP_URL = Pattern.compile("https?://\\S+");
    private static final DateTimeFormatter SQL_DATE = DateTimeFormatter.BASIC_ISO_DATE;

    /** What became of one row. */
    public sealed interface Outcome permits Interaction, Skipped {
    }

    /** An event to send: its id and its JSON (one NDJSON line). */
    public record Interaction(UUID id, byte[] json) implements Outcome {
    }

    public record Skipped(SkipReason reason, String detail) implements Outcome {
    }

    private final CameoActors actors;
    private final EventCodec codec;
    private final ObjectMapper mapper = new ObjectMapper();

    public GdeltRowMapping(CameoActors actors, EventCodec codec) {
        this.actors = actors;
        this.codec = codec;
    }

    /** The id of a row's event: a name-based UUID of dataset and GLOBALEVENTID. */
    public static UUID eventId(String globalEventId) {
        return UUID.nameUUIDFromBytes((DATASET + ":" + globalEventId).getBytes(StandardCharsets.UTF_8));
    }

    public Outcome map(String line) {
        String[] f = line.split("\t", -1);
        if (f.length != GdeltColumns.COUNT) {
            return new Skipped(SkipReason.MALFORMED_LINE, f.length + " tab-separated fields, not " + GdeltColumns.COUNT);
        }
        String globalEventId = f[GdeltColumns.GLOBAL_EVENT_ID].trim();
        if (!EVENT_ID.matcher(globalEventId).matches()) {
            return new Skipped(SkipReason.MALFORMED_LINE, "GLOBALEVENTID '" + clip(globalEventId) + "' is not a number");
        }
        LocalDate day;
        try {
            day = LocalDate.parse(f[GdeltColumns.SQL_DATE].trim(), SQL_DATE);
        } catch (DateTimeParseException e) {
            return new Skipped(SkipReason.MISSING_DATE, "SQLDATE '" + clip(f[GdeltColumns.SQL_DATE]) + "' is not a day (YYYYMMDD)");
        }
        String code1 = f[GdeltColumns.ACTOR1_CODE].trim();
        String country1 = f[GdeltColumns.ACTOR1_COUNTRY_CODE].trim();
        String group1 = f[GdeltColumns.ACTOR1_KNOWN_GROUP_CODE].trim();
        String code2 = f[GdeltColumns.ACTOR2_CODE].trim();
        String country2 = f[GdeltColumns.ACTOR2_COUNTRY_CODE].trim();
        String group2 = f[GdeltColumns.ACTOR2_KNOWN_GROUP_CODE].trim();
        boolean none1 = code1.isEmpty() && country1.isEmpty() && group1.isEmpty();
        boolean none2 = code2.isEmpty() && country2.isEmpty() && group2.isEmpty();
        if (none1 || none2) {
            return new Skipped(SkipReason.MISSING_ACTOR, "actor " + (none1 ? 1 : 2) + " was not coded");
        }
        Optional<String> actor1 = actors.actor(country1, group1);
        Optional<String> actor2 = actors.actor(country2, group2);
        if (actor1.isEmpty() || actor2.isEmpty()) {
            String unknown = actor1.isEmpty() ? codeOf(code1, country1, group1) : codeOf(code2, country2, group2);
            return new Skipped(SkipReason.UNKNOWN_ACTOR, "'" + clip(unknown) + "' is no actor of the catalogue");
        }
        if (actor1.get().equals(actor2.get())) {
            return new Skipped(SkipReason.SAME_ACTOR, "both actors are " + actor1.get());
        }
        String url = f[GdeltColumns.SOURCE_URL].trim();
        if (!HTTP_URL.matcher(url).matches()) {
            return new Skipped(SkipReason.NO_ARTICLE_URL, "SOURCEURL '" + clip(url) + "' is not an http(s) URL");
        }
        Integer quadClass;
        BigDecimal goldstein;
        Integer mentions;
        try {
            quadClass = Integer.valueOf(f[GdeltColumns.QUAD_CLASS].trim());
            goldstein = new BigDecimal(f[GdeltColumns.GOLDSTEIN_SCALE].trim());
            String m = f[GdeltColumns.NUM_MENTIONS].trim();
            mentions = m.isEmpty() ? null : Integer.valueOf(m);
        } catch (NumberFormatException e) {
            return new Skipped(SkipReason.MALFORMED_LINE, "QuadClass, GoldsteinScale or NumMentions is not a number");
        }
        UUID id = eventId(globalEventId);
        ObjectNode event = mapper.createObjectNode();
        event.put("specversion", "1.0").put("id", id.toString()).put("type", EventType.INTERACTION_CODED.typeName());
        ObjectNode data = event.putObject("data");
        data.put("occurredOn", day.toString()).put("dataset", DATASET).put("datasetEventId", globalEventId)
                .put("actor1", actor1.get()).put("actor2", actor2.get()).put("cameoCode", f[GdeltColumns.EVENT_CODE].trim())
                .put("quadClass", quadClass).put("goldstein", goldstein);
        if (mentions != null) {
            data.put("mentions", mentions);
        }
        data.putArray("sources").addObject().put("ref", DATASET + " event " + globalEventId).put("url", url);
        try {
            codec.decode(event); // the gateway's own checks, here, so one bad row never refuses a whole batch
        } catch (InvalidEventException e) {
            var first = e.violations().getFirst();
            return new Skipped(SkipReason.MALFORMED_LINE, first.pointer() + " " + first.message());
        }
        try {
            return new Interaction(id, mapper.writeValueAsBytes(event));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("an event tree that cannot be written: " + e.getMessage(), e);
        }
    }

    /** What the row coded for an actor, for the report: its country, else its group, else its whole actor code (GOV...). */
    private static String codeOf(String code, String country, String group) {
        return !country.isEmpty() ? country : !group.isEmpty() ? group : code;
    }

    private static String clip(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }
}
