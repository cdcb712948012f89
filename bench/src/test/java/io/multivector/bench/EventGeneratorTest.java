package io.multivector.bench;

import io.multivector.events.EventCodec;
import io.multivector.events.catalogue.EventType;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class EventGeneratorTest {

    @Test
    void everyGeneratedEventIsValidAndEveryTypeOccurs() {
        EventGenerator gen = new EventGenerator(42);
        EventCodec codec = EventCodec.bundled();
        Set<EventType> seen = EnumSet.noneOf(EventType.class);
        Set<String> ids = new HashSet<>();
        List<String> invalid = new ArrayList<>();
        for (int batch = 0; batch < 5; batch++) {
            gen.batch(batch);
            gen.stored(batch - 2);
            for (int i = 0; i < 1000; i++) {
                EventGenerator.Generated g = gen.next();
                try {
                    seen.add(codec.decode(g.json().getBytes(StandardCharsets.UTF_8)).type());
                } catch (RuntimeException e) {
                    invalid.add(g.json() + " -> " + e.getMessage());
                }
                assertThat(ids.add(g.id())).as("unique id").isTrue();
            }
        }
        assertThat(invalid).isEmpty();
        assertThat(seen).containsExactlyInAnyOrder(EventType.values());
        assertThat(gen.actors()).hasSizeBetween(190, 210);
    }

    @Test
    void theSameSeedGivesTheSameEvents() {
        EventGenerator a = new EventGenerator(7);
        EventGenerator b = new EventGenerator(7);
        for (int i = 0; i < 500; i++) {
            assertThat(a.next().json()).isEqualTo(b.next().json());
        }
    }

    @Test
    void referencesOnlyToStoredBatchesWhenSameBatchReferencesAreOff() {
        EventGenerator gen = new EventGenerator(1);
        gen.sameBatchReferences(false);
        gen.batch(0);
        for (int i = 0; i < 2000; i++) {
            EventGenerator.Generated g = gen.next();
            assertThat(g.type()).isNotIn("treaty.terminated", "route.status.changed", "event.retracted");
        }
    }

    @Test
    void freshTreatiesAreValid() {
        EventGenerator gen = new EventGenerator(3);
        var g = gen.freshTreaty("bench-fresh-x-1");
        assertThat(EventCodec.bundled().decode(g.json().getBytes(StandardCharsets.UTF_8)).type()).isEqualTo(EventType.TREATY_SIGNED);
        assertThat(g.key()).isEqualTo("bench-fresh-x-1");
    }
}
