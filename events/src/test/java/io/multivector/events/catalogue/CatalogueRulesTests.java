package io.multivector.events.catalogue;

import io.multivector.events.Event;
import io.multivector.events.EventCodec;
import io.multivector.events.Examples;
import io.multivector.events.Topic;
import io.multivector.events.Violation;
import io.multivector.events.reference.ReferenceData;
import io.multivector.events.shape.ShapeCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class CatalogueRulesTests {

    /** DESIGN §2, "Catalogue, version 1": the topic column, copied by hand. */
    private static final Map<String, String> DESIGN_TOPICS = new LinkedHashMap<>();

    static {
        for (String t : List.of("treaty.signed", "treaty.terminated", "membership.joined", "membership.left", "visit.made",
                "summit.held", "mediation.hosted", "statement.made", "sanctions.imposed", "sanctions.lifted", "aid.provided")) {
            DESIGN_TOPICS.put(t, "geo.diplomacy.v1");
        }
        DESIGN_TOPICS.put("election.held", "geo.politics.v1");
        DESIGN_TOPICS.put("office.assumed", "geo.politics.v1");
        DESIGN_TOPICS.put("exercise.held", "geo.security.v1");
        DESIGN_TOPICS.put("cooperation.reported", "geo.security.v1");
        for (String t : List.of("route.registered", "route.status.changed", "shipment.delivered", "trade.reported",
                "export.share.reported")) {
            DESIGN_TOPICS.put(t, "geo.trade.v1");
        }
        DESIGN_TOPICS.put("interaction.coded", "geo.coded.v1");
        DESIGN_TOPICS.put("event.retracted", null); // the topic of the retracted event
    }

    @Test
    void theCatalogueHasExactlyTheTypesOfTheDesign() {
        assertThat(Arrays.stream(EventType.values()).map(EventType::typeName))
                .containsExactlyInAnyOrderElementsOf(DESIGN_TOPICS.keySet());
        assertThat(EventData.class.getPermittedSubclasses()).hasSize(EventType.values().length);
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void topicOfEveryTypeIsTheDesigns(EventType type) {
        assertThat(type.topic().map(Topic::topicName).orElse(null)).isEqualTo(DESIGN_TOPICS.get(type.typeName()));
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void namesAndUrnsRoundTrip(EventType type) {
        assertThat(EventType.ofName(type.typeName())).contains(type);
        assertThat(type.schemaUrn()).isEqualTo("urn:multivector:schema:" + type.typeName() + ":1");
    }

    @Test
    void topicsAndTheirDeadLetterTwins() {
        assertThat(Topic.allNames()).containsExactly("geo.diplomacy.v1", "geo.politics.v1", "geo.security.v1", "geo.trade.v1",
                "geo.coded.v1");
        assertThat(Topic.TRADE.deadLetterTopicName()).isEqualTo("geo.trade.v1.dlq");
        assertThat(Topic.ofName("geo.security.v1")).isEqualTo(Topic.SECURITY);
        assertThat(EventType.ofName("treaty.sign")).isEmpty();
    }

    private static EventData data(String file, int validIndex) {
        return Examples.valid().stream().filter(e -> e.file().equals(file)).skip(validIndex).findFirst()
                .map(e -> EventCodec.bundled().decode(e.event())).map(Event::data).orElseThrow();
    }

    /** The stream and actors of the valid examples, type by type; "-" for no stream. */
    @ParameterizedTest(name = "{0}[{1}] -> {2}")
    @CsvSource(delimiter = '|', value = {
            "treaty.signed        |0| EU~KZ  | KZ EU",
            "treaty.signed        |1| KZ     | KZ RU BY",
            "treaty.signed        |3| CN~KZ  | CN KZ",
            "treaty.terminated    |0| -      | RU",
            "treaty.terminated    |1| -      | ",
            "membership.joined    |0| CIS~KZ | KZ CIS",
            "membership.joined    |1| KZ~UNSC| KZ UNSC",
            "membership.left      |0| EURASEC~KZ | KZ EURASEC",
            "visit.made           |0| DE~KZ  | DE KZ",
            "summit.held          |0| KZ     | KZ KG TJ TM UZ",
            "summit.held          |1| OSCE   | OSCE KZ RU US",
            "mediation.hosted     |0| KZ     | KZ IR CN DE FR GB RU US",
            "mediation.hosted     |1| KZ~SY  | KZ SY",
            "statement.made       |0| KZ~US  | US KZ",
            "sanctions.imposed    |0| EU~RU  | EU RU",
            "sanctions.lifted     |0| EU~IR  | EU IR",
            "aid.provided         |0| KZ~US  | US KZ",
            "election.held        |0| KZ     | KZ",
            "office.assumed       |0| KZ     | KZ",
            "exercise.held        |0| KZ~NATO| KZ NATO",
            "exercise.held        |1| KZ     | KZ RU CN KG",
            "cooperation.reported |1| KZ     | KZ US RU",
            "route.registered     |0| KZ     | KZ RU",
            "route.registered     |1| KZ     | KZ EU AZ GE TR",
            "route.status.changed |0| -      | ",
            "shipment.delivered   |0| DE~KZ  | KZ DE",
            "trade.reported       |0| EU~KZ  | KZ EU",
            "export.share.reported|0| KZ     | KZ RU",
            "export.share.reported|1| KZ     | KZ",
            "export.share.reported|2| KZ     | KZ DE",
            "interaction.coded    |0| CN~KZ  | KZ CN",
            "interaction.coded    |1| NATO~RU| RU NATO",
            "event.retracted      |0| -      | ",
    })
    void streamAndActorsOfEachType(String file, int index, String stream, String actors) {
        EventData d = data(file, index);
        assertThat(CatalogueRules.streamOf(d)).isEqualTo(stream.equals("-") ? Optional.empty() : Optional.of(stream));
        assertThat(CatalogueRules.actorsOf(d)).containsExactlyElementsOf(
                actors == null ? List.of() : List.of(actors.trim().split(" +")));
    }

    @Test
    void everyTypeHasAStreamCase() {
        // The table above covers every type, so a new type cannot slip by without a stream decision.
        assertThat(Arrays.stream(EventType.values())).allSatisfy(t ->
                assertThat(Examples.valid()).anySatisfy(e -> assertThat(e.file()).isEqualTo(t.typeName())));
    }

    @Test
    void aPairIsSortedAndJoined() {
        assertThat(CatalogueRules.pair("KZ", "EU")).isEqualTo("EU~KZ");
        assertThat(CatalogueRules.pair("EU", "KZ")).isEqualTo("EU~KZ");
        assertThat(CatalogueRules.pair("KZ", "KZ")).isEqualTo("KZ");
    }

    @Test
    void actorsAreListedOnceInOrderOfAppearance() {
        SummitHeld s = (SummitHeld) data("summit.held", 0);
        assertThat(s.participants()).contains("KZ");
        assertThat(CatalogueRules.actorsOf(s)).containsExactly("KZ", "KG", "TJ", "TM", "UZ");
    }

    @Test
    void aSummitOfTwoBesidesItsHostIsStillAnchoredAtTheHost() {
        SummitHeld three = new SummitHeld(io.multivector.events.PartialDate.parse("2020"), "OSCE", List.of("KZ", "RU"), "t",
                List.of(new Source("x", null, null)));
        assertThat(CatalogueRules.streamOf(three)).contains("OSCE");
        SummitHeld two = new SummitHeld(three.occurredOn(), "KZ", List.of("KZ", "RU"), "t", three.sources());
        assertThat(CatalogueRules.streamOf(two)).contains("KZ~RU");
    }

    private static List<Violation> check(EventData d) {
        ShapeCheck c = new ShapeCheck(ReferenceData.bundled());
        CatalogueRules.check(d, c);
        return c.violations();
    }

    @Test
    void rulesPassTheValidExamplesAndNameTheFieldAtFault() {
        assertThat(Examples.valid()).allSatisfy(e -> assertThat(check(EventCodec.bundled().decode(e.event()).data())).isEmpty());
        MembershipJoined m = (MembershipJoined) data("membership.joined", 0);
        MembershipJoined toAState = new MembershipJoined(m.occurredOn(), m.member(), "RU", m.role(), null, m.sources());
        assertThat(check(toAState)).extracting(Violation::pointer).containsExactly("/data/organization");
        MembershipJoined endsFirst = new MembershipJoined(m.occurredOn(), m.member(), m.organization(), m.role(),
                io.multivector.events.PartialDate.parse("1991-12-20"), m.sources());
        assertThat(check(endsFirst)).extracting(Violation::pointer).containsExactly("/data/until");
        MembershipJoined endsSameMonth = new MembershipJoined(m.occurredOn(), m.member(), m.organization(), m.role(),
                io.multivector.events.PartialDate.parse("1991-12"), m.sources());
        assertThat(check(endsSameMonth)).isEmpty();
    }

    @Test
    void exportShareKeyedByRouteNeedsNoActor() {
        ExportShareReported byRoute = (ExportShareReported) data("export.share.reported", 1);
        assertThat(byRoute.dimension()).isEqualTo(ShareDimension.ROUTE);
        assertThat(check(byRoute)).isEmpty();
        ExportShareReported byDestination = new ExportShareReported(byRoute.occurredOn(), "KZ", "2709",
                ShareDimension.DESTINATION, "cpc", byRoute.share(), byRoute.period(), byRoute.sources());
        assertThat(check(byDestination)).extracting(Violation::pointer).containsExactly("/data/key");
    }
}
