package io.multivector.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.multivector.events.reference.Actor;
import io.multivector.events.reference.Bloc;
import io.multivector.events.reference.ReferenceData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ReferenceDataTests {

    private static final ReferenceData REF = ReferenceData.bundled();

    @ParameterizedTest
    @ValueSource(strings = {"KZ", "RU", "CN", "US", "DE", "IT", "TR", "AZ", "GE", "UZ", "KG", "TJ", "TM"})
    void curatedStatesAreKnownStatesWithABloc(String code) {
        Actor a = REF.find(code).orElseThrow();
        assertThat(REF.isKnown(code)).isTrue();
        assertThat(REF.isOrganization(code)).isFalse();
        assertThat(a.kind()).isEqualTo(Actor.Kind.state);
        assertThat(a.blocs()).doesNotContainKey(Bloc.OTHER);
        assertThat(REF.curated()).extracting(Actor::code).contains(code);
    }

    @ParameterizedTest
    @ValueSource(strings = {"EU", "NATO", "SCO", "CSTO", "EAEU", "CIS", "OSCE", "OIC", "UN", "UNSC", "WTO", "OTS"})
    void organisationsAreKnownAsOrganisations(String code) {
        assertThat(REF.isKnown(code)).isTrue();
        assertThat(REF.isOrganization(code)).isTrue();
        assertThat(REF.find(code).orElseThrow().kind()).isEqualTo(Actor.Kind.organization);
    }

    @Test
    void namesComeFromTheReferenceData() {
        assertThat(REF.find("KZ").orElseThrow().name()).isEqualTo("Kazakhstan");
        assertThat(REF.find("EU").orElseThrow().name()).isEqualTo("European Union");
    }

    @Test
    void everyAssignedIsoCodeIsAStateNamedByTheIsoList() {
        assertThat(REF.curated()).extracting(Actor::code).doesNotContain("BR");
        Actor brazil = REF.find("BR").orElseThrow();
        assertThat(REF.isKnown("BR")).isTrue();
        assertThat(REF.isOrganization("BR")).isFalse();
        assertThat(brazil.name()).isEqualTo("Brazil");
        assertThat(brazil.kind()).isEqualTo(Actor.Kind.state);
        assertThat(brazil.blocs()).isEqualTo(Map.of(Bloc.OTHER, 1.0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"XX", "ZZ", "SU", "kz", "Kz", "KAZ", "ATLANTIS", "", " KZ"})
    void unknownCodesAreUnknown(String code) {
        assertThat(REF.isKnown(code)).isFalse();
        assertThat(REF.find(code)).isEmpty();
        assertThat(REF.isOrganization(code)).isFalse();
    }

    @Test
    void nullIsUnknown() {
        assertThat(REF.isKnown(null)).isFalse();
    }

    @Test
    void blocSharesSumToOne() {
        assertThat(REF.curated()).allSatisfy(a ->
                assertThat(a.blocs().values().stream().mapToDouble(Double::doubleValue).sum()).as(a.code()).isCloseTo(1.0, within(1e-9)));
        assertThat(REF.find("SCO").orElseThrow().blocs()).isEqualTo(Map.of(Bloc.CHINA, 0.5, Bloc.RUSSIA, 0.5));
    }

    @Test
    void theJarShipsEveryEntryOfSeedsReference() throws Exception {
        JsonNode onDisk = new ObjectMapper().readTree(Path.of("..", "seeds", "reference", "actors.json").toFile());
        assertThat(REF.curated()).hasSize(onDisk.path("actors").size());
        for (JsonNode a : onDisk.path("actors")) {
            Actor shipped = REF.find(a.path("code").asText()).orElseThrow();
            assertThat(shipped.name()).isEqualTo(a.path("name").asText());
            assertThat(shipped.kind().name()).isEqualTo(a.path("kind").asText());
        }
    }

    private static ReferenceData read(String json) throws Exception {
        return ReferenceData.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void readsOtherReferenceData() throws Exception {
        ReferenceData r = read("""
                {"actors": [
                  {"code": "GUAM", "name": "GUAM Organization", "kind": "organization", "blocs": {"west": 0.75, "russia": 0.25}},
                  {"code": "KZ", "kind": "state"}
                ]}""");
        assertThat(r.isOrganization("GUAM")).isTrue();
        assertThat(r.find("GUAM").orElseThrow().blocs()).isEqualTo(Map.of(Bloc.WEST, 0.75, Bloc.RUSSIA, 0.25));
        // No name: the code; no blocs: other.
        assertThat(r.find("KZ").orElseThrow().name()).isEqualTo("KZ");
        assertThat(r.find("KZ").orElseThrow().blocs()).isEqualTo(Map.of(Bloc.OTHER, 1.0));
        assertThat(r.isKnown("NATO")).isFalse();
        assertThat(r.isKnown("FR")).isTrue();
    }

    @Test
    void refusesBlocSharesThatDoNotSumToOne() {
        assertThatThrownBy(() -> read("""
                {"actors": [{"code": "X1", "kind": "state", "blocs": {"west": 0.5, "china": 0.4}}]}"""))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("X1");
    }

    @Test
    void refusesUnknownBlocsAndKinds() {
        assertThatThrownBy(() -> read("""
                {"actors": [{"code": "X1", "kind": "state", "blocs": {"atlantic": 1.0}}]}"""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("atlantic");
        assertThatThrownBy(() -> read("""
                {"actors": [{"code": "X1", "kind": "alliance"}]}"""))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aCodecOverOtherReferenceDataKnowsItsCodes() throws Exception {
        ReferenceData r = read("""
                {"actors": [{"code": "GUAM", "name": "GUAM", "kind": "organization"}]}""");
        String json = """
                {"type": "membership.joined", "data": {"occurredOn": "1997", "member": "UA", "organization": "GUAM",
                 "role": "member", "sources": [{"ref": "x"}]}}""";
        assertThat(new EventCodec(r).decode(json.getBytes(StandardCharsets.UTF_8)).subject()).isNull();
        assertThatThrownBy(() -> EventCodec.bundled().decode(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidEventException.class).hasMessageContaining("/data/organization");
    }
}
