package io.multivector.importer.gdelt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.multivector.events.Event;
import io.multivector.events.EventCodec;
import io.multivector.events.catalogue.InteractionCoded;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;

/** Rows written per the codebook, field by field, and what each becomes. */
class GdeltRowMappingTests {

    private static final LocalDate DAY = LocalDate.of(2024, 3, 12);
    private final EventCodec codec = EventCodec.bundled();
    private final GdeltRowMapping mapping = new GdeltRowMapping(new CameoActors(codec.reference()), codec);

    private GdeltRowMapping.Interaction interaction(GdeltExportRow row) {
        GdeltRowMapping.Outcome o = mapping.map(row.line());
        assertThat(o).isInstanceOf(GdeltRowMapping.Interaction.class);
        return (GdeltRowMapping.Interaction) o;
    }

    private GdeltRowMapping.Skipped skipped(String line) {
        GdeltRowMapping.Outcome o = mapping.map(line);
        assertThat(o).isInstanceOf(GdeltRowMapping.Skipped.class);
        return (GdeltRowMapping.Skipped) o;
    }

    @Test
    void aRowBetweenTwoCountriesIsAnInteractionOfTheCatalogue() throws IOException {
        var row = GdeltExportRow.of(1162347785L, DAY, "KAZ", "CHN").event("0421", 1, "-2.5").mentions("7")
                .sourceUrl("https://news.example.org/a?b=1");
        var i = interaction(row);
        Event e = codec.decode(i.json());
        InteractionCoded d = (InteractionCoded) e.data();
        assertThat(e.id()).isEqualTo(i.id()).isEqualTo(GdeltRowMapping.eventId("1162347785"));
        assertThat(d.occurredOn().toString()).isEqualTo("2024-03-12");
        assertThat(d.dataset()).isEqualTo("gdelt-2.0");
        assertThat(d.datasetEventId()).isEqualTo("1162347785");
        assertThat(d.actor1()).isEqualTo("KZ");
        assertThat(d.actor2()).isEqualTo("CN");
        assertThat(d.cameoCode()).isEqualTo("0421");
        assertThat(d.quadClass()).isEqualTo(1);
        assertThat(d.goldstein()).isEqualByComparingTo(new BigDecimal("-2.5"));
        assertThat(d.mentions()).isEqualTo(7);
        assertThat(d.sources()).singleElement().satisfies(s -> {
            assertThat(s.url()).isEqualTo("https://news.example.org/a?b=1");
            assertThat(s.ref()).contains("1162347785");
        });
    }

    @Test
    void theIdDependsOnDatasetAndGlobalEventIdOnly() throws IOException {
        var first = interaction(GdeltExportRow.of(42L, DAY, "KAZ", "RUS"));
        var again = interaction(GdeltExportRow.of(42L, DAY, "KAZ", "RUS"));
        var other = interaction(GdeltExportRow.of(43L, DAY, "KAZ", "RUS"));
        var recoded = interaction(GdeltExportRow.of(42L, DAY.plusDays(1), "KAZ", "CHN").event("111", 3, "-2.0"));
        assertThat(recoded.id()).isEqualTo(first.id()); // the same GDELT event, however it was coded
        assertThat(again.id()).isEqualTo(first.id());
        assertThat(again.json()).isEqualTo(first.json()); // the same content too: a re-import is answered "already stored"
        assertThat(other.id()).isNotEqualTo(first.id());
        JsonNode tree = new ObjectMapper().readTree(first.json());
        assertThat(tree.path("type").asText()).isEqualTo("interaction.coded");
    }

    @ParameterizedTest(name = "{0}/{1} -> {2}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "KAZ |     | KZ",
            "USA |     | US",
            "GBR |     | GB",
            "ROM |     | RO",
            "    | NAT | NATO",
            "    | EEC | EU",
            "    | UNO | UN",
            "    | SCE | OSCE",
            "RUS | NAT | RU",
    })
    void countriesAndKnownGroupsMapToCatalogueActors(String country, String group, String actor) throws IOException {
        var row = GdeltExportRow.of(7L, DAY, "KAZ", "KAZ").actor1(country == null ? "" : country, group == null ? "" : group);
        if (actor.equals("KZ")) {
            row.actor2("CHN", "");
        }
        InteractionCoded d = (InteractionCoded) codec.decode(interaction(row).json()).data();
        assertThat(d.actor1()).isEqualTo(actor);
    }

    @Test
    void regionsAndGroupsTheCatalogueDoesNotHoldAreUnknownActors() {
        assertThat(skipped(GdeltExportRow.of(1L, DAY, "EUR", "KAZ").line()).reason()).isEqualTo(SkipReason.UNKNOWN_ACTOR);
        assertThat(skipped(GdeltExportRow.of(1L, DAY, "KAZ", "AFR").line()).reason()).isEqualTo(SkipReason.UNKNOWN_ACTOR);
        var amnesty = skipped(GdeltExportRow.of(1L, DAY, "KAZ", "CHN").actor2("", "AMN").line());
        assertThat(amnesty.reason()).isEqualTo(SkipReason.UNKNOWN_ACTOR);
        assertThat(amnesty.detail()).contains("AMN");
        // an actor coded by its role alone (GOV, no country): two actors, one the catalogue cannot name
        var government = skipped(GdeltExportRow.of(1L, DAY, "KAZ", "CHN").actor2("", "").set(15, "GOV").line());
        assertThat(government.reason()).isEqualTo(SkipReason.UNKNOWN_ACTOR);
        assertThat(government.detail()).contains("GOV");
    }

    @Test
    void aRegionBesideAKnownGroupIsTheGroup() throws IOException {
        InteractionCoded d = (InteractionCoded) codec.decode(interaction(GdeltExportRow.of(8L, DAY, "KAZ", "CHN")
                .actor2("EUR", "EEC")).json()).data();
        assertThat(d.actor2()).isEqualTo("EU");
    }

    @Test
    void everySkipReason() {
        assertThat(skipped(GdeltExportRow.of(1L, DAY, "KAZ", "CHN").actor2("", "").line()).reason()).isEqualTo(SkipReason.MISSING_ACTOR);
        assertThat(skipped(GdeltExportRow.of(1L, DAY, "KAZ", "KAZ").line()).reason()).isEqualTo(SkipReason.SAME_ACTOR);
        // two known groups that are one actor of the catalogue
        assertThat(skipped(GdeltExportRow.of(1L, DAY, "", "").actor1("", "NAT").actor2("", "NAT").line()).reason())
                .isEqualTo(SkipReason.SAME_ACTOR);
        assertThat(skipped(GdeltExportRow.of(1L, DAY, "KAZ", "CHN").day(null).line()).reason()).isEqualTo(SkipReason.MISSING_DATE);
        assertThat(skipped(GdeltExportRow.of(1L, DAY, "KAZ", "CHN").set(1, "20240231").line()).reason()).isEqualTo(SkipReason.MISSING_DATE);
        assertThat(skipped(GdeltExportRow.of(1L, DAY, "KAZ", "CHN").sourceUrl("BBC Monitoring").line()).reason())
                .isEqualTo(SkipReason.NO_ARTICLE_URL);
        assertThat(skipped(GdeltExportRow.of(1L, DAY, "KAZ", "CHN").sourceUrl("").line()).reason()).isEqualTo(SkipReason.NO_ARTICLE_URL);
    }

    @Test
    void malformedLinesSayWhatIsWrong() {
        var fields = skipped("1\t20240312\tKAZ");
        assertThat(fields.reason()).isEqualTo(SkipReason.MALFORMED_LINE);
        assertThat(fields.detail()).contains("3 tab-separated fields");
        assertThat(skipped(GdeltExportRow.of(1L, DAY, "KAZ", "CHN").line() + "\textra").detail()).contains("62");
        assertThat(skipped(GdeltExportRow.of(1L, DAY, "KAZ", "CHN").set(0, "x1").line()).detail()).contains("GLOBALEVENTID");
        assertThat(skipped(GdeltExportRow.of(1L, DAY, "KAZ", "CHN").event("042", 1, "high").line()).reason())
                .isEqualTo(SkipReason.MALFORMED_LINE);
        // what the codebook allows but the catalogue refuses is named by the catalogue's pointer
        var goldstein = skipped(GdeltExportRow.of(1L, DAY, "KAZ", "CHN").event("042", 1, "12.5").line());
        assertThat(goldstein.reason()).isEqualTo(SkipReason.MALFORMED_LINE);
        assertThat(goldstein.detail()).contains("/data/goldstein");
        assertThat(skipped(GdeltExportRow.of(1L, DAY, "KAZ", "CHN").event("042", 7, "1.0").line()).detail()).contains("/data/quadClass");
        assertThat(skipped(GdeltExportRow.of(1L, DAY, "KAZ", "CHN").event("4x", 1, "1.0").line()).detail()).contains("/data/cameoCode");
    }

    @Test
    void mentionsAreOptional() throws IOException {
        InteractionCoded d = (InteractionCoded) codec.decode(interaction(GdeltExportRow.of(9L, DAY, "KAZ", "CHN").mentions("")).json()).data();
        assertThat(d.mentions()).isNull();
    }
}
