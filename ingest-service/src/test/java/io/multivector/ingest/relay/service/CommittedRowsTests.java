package io.multivector.ingest.relay.service;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The writer's hand-off to the relay gives out only runs that continue the relay's position. */
class CommittedRowsTests {

    private static List<RelayRow> rows(long from, long to) {
        return LongStream.rangeClosed(from, to).mapToObj(s -> new RelayRow(s, "KZ~RU", "diplomacy", "{}", null, null)).toList();
    }

    private static List<Long> sequences(List<RelayRow> rows) {
        return rows.stream().map(RelayRow::sequence).toList();
    }

    @Test
    void handsOutConsecutiveRowsAcrossGroupsUpToTheLimit() {
        CommittedRows committed = new CommittedRows();
        committed.handOff(rows(1, 3));
        committed.handOff(rows(4, 6));
        assertThat(sequences(committed.after(0, 5))).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(sequences(committed.after(5, 100))).containsExactly(6L);
        assertThat(committed.after(6, 100)).isEmpty();
        assertThat(committed.gapAfter(6)).isFalse();
        assertThat(committed.lastHandedOff()).isEqualTo(6);
    }

    @Test
    void startsInsideAGroupWhenThePositionIsPartWayThrough() {
        CommittedRows committed = new CommittedRows();
        committed.handOff(rows(10, 20));
        assertThat(sequences(committed.after(14, 3))).containsExactly(15L, 16L, 17L);
    }

    @Test
    void aGapLeftByAnotherInstanceIsNotHandedOutButReported() {
        CommittedRows committed = new CommittedRows();
        committed.handOff(rows(1, 3));
        committed.handOff(rows(7, 9)); // 4..6 committed elsewhere
        assertThat(sequences(committed.after(0, 100))).containsExactly(1L, 2L, 3L);
        assertThat(committed.after(3, 100)).isEmpty();
        assertThat(committed.gapAfter(3)).isTrue();
        // once the relay has read 4..6 from the table, the rest follows on again
        assertThat(sequences(committed.after(6, 100))).containsExactly(7L, 8L, 9L);
        assertThat(committed.gapAfter(6)).isFalse();
    }

    @Test
    void beyondItsCapacityTheOldestGroupsGoAndLeaveAGap() {
        CommittedRows committed = new CommittedRows();
        List<List<RelayRow>> groups = new ArrayList<>();
        long next = 1;
        while (next <= CommittedRows.CAPACITY + 2_000) {
            groups.add(rows(next, next + 999));
            next += 1_000;
        }
        groups.forEach(committed::handOff);
        assertThat(committed.after(0, 10)).isEmpty();
        assertThat(committed.gapAfter(0)).isTrue();
        assertThat(committed.lastHandedOff()).isEqualTo(next - 1);
    }

    @Test
    void aHandOffWakesTheRelayAndATimeoutOrAGroupThatStoredNothingDoesNot() throws InterruptedException {
        CommittedRows committed = new CommittedRows();
        assertThat(committed.await(10)).isFalse();
        committed.handOff(List.of());
        assertThat(committed.await(10)).isFalse();
        committed.handOff(rows(1, 1));
        assertThat(committed.await(10_000)).isTrue();
    }
}
