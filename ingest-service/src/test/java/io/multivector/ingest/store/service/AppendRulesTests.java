package io.multivector.ingest.store.service;

import io.multivector.events.Event;
import io.multivector.events.EventCodec;
import io.multivector.ingest.store.repository.StoredEvent;
import io.multivector.platform.problem.ProblemException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The append rules over a view of the store made by hand: no database, only what the view says is stored. */
class AppendRulesTests {

    private static final EventCodec CODEC = EventCodec.bundled();
    private static final Correlation NONE = Correlation.NONE;
    /** Where a signing by KZ and EU goes, as the catalogue derives it. */
    private static final String STREAM = io.multivector.events.catalogue.CatalogueRules.streamOf(signing("kz-eu").data()).orElseThrow();

    private static Event event(String json) {
        return CODEC.decode(json.getBytes(StandardCharsets.UTF_8));
    }

    private static Event signing(String treatyId) {
        return signing(null, treatyId, "A treaty");
    }

    /** A signing by KZ and EU; with an id when {@code id} is given. */
    private static Event signing(UUID id, String treatyId, String title) {
        return event("""
                {"specversion":"1.0",%s"type":"treaty.signed","data":{"occurredOn":"2015-12-21","treatyId":"%s","title":"%s",\
                "kind":"partnership","parties":["KZ","EU"],"sources":[{"ref":"test"}]}}"""
                .formatted(id == null ? "" : "\"id\":\"" + id + "\",", treatyId, title));
    }

    private static Event termination(String treatyId) {
        return event("""
                {"specversion":"1.0","type":"treaty.terminated","data":{"occurredOn":"2020-01","treatyId":"%s",\
                "sources":[{"ref":"test"}]}}""".formatted(treatyId));
    }

    private static Event retraction(UUID of) {
        return retraction(null, of);
    }

    /** A retraction of {@code of}; with its own id, as a seed file gives it, when {@code id} is given. */
    private static Event retraction(UUID id, UUID of) {
        return event("""
                {"specversion":"1.0",%s"type":"event.retracted","data":{"occurredOn":"2024","eventId":"%s","reason":"duplicate",\
                "sources":[{"ref":"test"}]}}""".formatted(id == null ? "" : "\"id\":\"" + id + "\",", of));
    }

    private static AppendRules.Request batch(Event... events) {
        return new AppendRules.Request(List.of(events), null, i -> "/lines/" + i, NONE);
    }

    /** A view of a store holding {@code stored} (by id) whose streams stand at {@code versions}. */
    private static StoreView view(List<Event> group, Map<String, Long> versions, StoredEvent... stored) {
        Map<UUID, StoredEvent> byId = new java.util.HashMap<>();
        for (StoredEvent s : stored) {
            byId.put(s.id(), s);
        }
        return new StoreView(StoreView.Named.by(group), byId, Map.of(), Set.copyOf(versions.keySet()), versions);
    }

    private static StoreView viewWithSigning(List<Event> group, String treatyId, String stream, long version) {
        StoredEvent signed = new StoredEvent(7, UUID.randomUUID(), stream, version, "treaty.signed", "multivector.diplomacy.v1",
                new byte[32], "{}");
        Map<String, StoredEvent> entities = Map.of(new EntityReference(io.multivector.events.catalogue.EventType.TREATY_SIGNED, treatyId).name(), signed);
        return new StoreView(StoreView.Named.by(group), Map.of(), entities, Set.of(stream), Map.of(stream, version));
    }

    @Test
    void eventsOfOneStreamTakeConsecutiveVersionsAfterTheStoredOne() {
        Event a = signing("kz-eu-a");
        Event b = signing("kz-eu-b");
        String stream = STREAM;
        AppendRules rules = new AppendRules(view(List.of(a, b), Map.of(stream, 4L)), CODEC);
        List<AppendRules.Planned> planned = rules.plan(batch(a, b));
        assertThat(planned).extracting(AppendRules.Planned::stream).containsOnly(stream);
        assertThat(planned).extracting(AppendRules.Planned::streamVersion).containsExactly(5L, 6L);
        assertThat(planned).allMatch(AppendRules.Planned::created);
    }

    @Test
    void aRefusedRequestLeavesNoVersionsBehindForTheNextOne() {
        Event good = signing("kz-eu-c");
        Event orphan = termination("no-such-treaty");
        Event next = signing("kz-eu-d");
        AppendRules rules = new AppendRules(view(List.of(good, orphan, next), Map.of(STREAM, 2L)), CODEC);
        assertThatThrownBy(() -> rules.plan(batch(good, orphan)))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.problem().status()).isEqualTo(400);
                    assertThat(e.problem().errors()).extracting(v -> v.pointer()).containsExactly("/lines/1/data/treatyId");
                });
        assertThat(rules.plan(batch(next)).getFirst().streamVersion()).isEqualTo(3L);
    }

    @Test
    void aTerminationGoesToTheStreamOfTheSigningItEnds() {
        Event end = termination("kz-ru-x");
        AppendRules rules = new AppendRules(viewWithSigning(List.of(end), "kz-ru-x", "KZ~RU", 9), CODEC);
        AppendRules.Planned planned = rules.plan(batch(end)).getFirst();
        assertThat(planned.stream()).isEqualTo("KZ~RU");
        assertThat(planned.streamVersion()).isEqualTo(10L);
        assertThat(planned.topic()).isEqualTo("multivector.diplomacy.v1");
    }

    @Test
    void aTerminationOfATreatySignedEarlierInTheGroupFollowsIt() {
        Event sign = signing("kz-eu-y");
        Event end = termination("kz-eu-y");
        AppendRules rules = new AppendRules(view(List.of(sign, end), Map.of(STREAM, 0L)), CODEC);
        List<AppendRules.Planned> planned = rules.plan(batch(sign, end));
        assertThat(planned).extracting(AppendRules.Planned::streamVersion).containsExactly(1L, 2L);
    }

    @Test
    void theSameIdAndContentReplaysTheStoredEventAndOtherContentConflicts() {
        UUID id = UUID.randomUUID();
        Event sent = signing(id, "kz-eu-z", "A treaty");
        byte[] hash = AppendRules.contentHash(CODEC, sent, STREAM, CODEC.dataTree(sent));
        StoredEvent stored = new StoredEvent(3, id, STREAM, 1, "treaty.signed", "multivector.diplomacy.v1", hash, "{}");
        AppendRules.Planned replay = new AppendRules(view(List.of(sent), Map.of(STREAM, 1L), stored), CODEC).plan(batch(sent)).getFirst();
        assertThat(replay.created()).isFalse();
        assertThat(replay.replayOf().sequence()).isEqualTo(3L);

        Event changed = signing(id, "kz-eu-z", "Another title");
        AppendRules rules = new AppendRules(view(List.of(changed), Map.of(STREAM, 1L), stored), CODEC);
        assertThatThrownBy(() -> rules.plan(batch(changed)))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.problem().status()).isEqualTo(409));
    }

    @Test
    void ifMatchIsCheckedAgainstTheStreamsVersion() {
        Event e = signing("kz-eu-w");
        AppendRules rules = new AppendRules(view(List.of(e), Map.of(STREAM, 5L)), CODEC);
        assertThatThrownBy(() -> rules.plan(new AppendRules.Request(List.of(e), 4L, i -> "", NONE)))
                .isInstanceOfSatisfying(ProblemException.class, p -> assertThat(p.problem().status()).isEqualTo(412));
        assertThat(rules.plan(new AppendRules.Request(List.of(e), 5L, i -> "", NONE)).getFirst().streamVersion()).isEqualTo(6L);
    }

    @Test
    void aRetractionOfAnEventPlannedInTheGroupIsPlannedAndASecondOneConflicts() {
        UUID id = UUID.randomUUID();
        Event sent = signing(id, "kz-eu-v", "A treaty");
        Event first = retraction(id);
        Event second = retraction(id);
        AppendRules rules = new AppendRules(view(List.of(sent, first, second), Map.of(STREAM, 0L)), CODEC);
        List<AppendRules.Planned> planned = rules.plan(batch(sent, first));
        assertThat(planned).extracting(AppendRules.Planned::streamVersion).containsExactly(1L, 2L);
        assertThatThrownBy(() -> rules.plan(batch(second)))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.problem().status()).isEqualTo(409));
    }

    @Test
    void aRetractionSentAgainReplaysTheStoredOneAndAnotherRetractionOfTheSameEventConflicts() {
        UUID signingId = UUID.randomUUID();
        UUID retractionId = UUID.randomUUID();
        Event retraction = retraction(retractionId, signingId);
        byte[] hash = AppendRules.contentHash(CODEC, retraction, STREAM, CODEC.dataTree(retraction));
        StoredEvent signed = new StoredEvent(4, signingId, STREAM, 1, "treaty.signed", "multivector.diplomacy.v1", new byte[32], "{}");
        StoredEvent retracted = new StoredEvent(5, retractionId, STREAM, 2, "event.retracted", "multivector.diplomacy.v1", hash, "{}");
        Map<String, StoredEvent> entities = Map.of(
                new EntityReference(io.multivector.events.catalogue.EventType.EVENT_RETRACTED, signingId.toString()).name(), retracted);
        StoreView stored = new StoreView(StoreView.Named.by(List.of(retraction)), Map.of(signingId, signed, retractionId, retracted),
                entities, Set.of(STREAM), Map.of(STREAM, 2L));

        AppendRules.Planned replay = new AppendRules(stored, CODEC).plan(batch(retraction)).getFirst();
        assertThat(replay.created()).isFalse();
        assertThat(replay.replayOf().sequence()).isEqualTo(5L);

        Event another = retraction(UUID.randomUUID(), signingId);
        assertThatThrownBy(() -> new AppendRules(stored, CODEC).plan(batch(another)))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.problem().status()).isEqualTo(409);
                    assertThat(e.problem().errors()).extracting(v -> v.pointer()).containsExactly("/lines/0/data/eventId");
                });
    }

    @Test
    void askingTheViewForWhatItDidNotReadIsABugNotAnAbsence() {
        StoreView empty = new StoreView(StoreView.Named.by(List.of()), Map.of(), Map.of(), Set.of(), Map.of());
        assertThatThrownBy(() -> empty.version("KZ~RU")).isInstanceOf(IllegalStateException.class);
    }
}
