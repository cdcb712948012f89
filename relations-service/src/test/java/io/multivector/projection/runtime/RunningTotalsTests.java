package io.multivector.projection.runtime;

import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How a running total is declared: by day, and kept at grains ({@link RunningTotals}). */
class RunningTotalsTests {

    private static final String DAYS = "select s.who, s.on as day, s.amount from ${schema}.spend s where s.event_id in ${events}";

    @Test
    void aContributionAddsToItsPeriodAtEveryGrainKept() {
        RunningTotals all = new RunningTotals("spend_total", List.of("who", "grain", "period"), List.of("amount"), DAYS,
                EnumSet.allOf(Grain.class));
        assertThat(all.contributions()).startsWith("select c.who, g.grain, g.period, c.amount from (" + DAYS + ") c cross join lateral ")
                .endsWith(RunningTotals.periods("c.day"));
        RunningTotals some = new RunningTotals("spend_total", List.of("who", "grain", "period"), List.of("amount"), DAYS,
                EnumSet.of(Grain.D, Grain.Y));
        assertThat(some.contributions()).endsWith(RunningTotals.periods("c.day") + " where g.grain in ('Y', 'D')");
        assertThat(some.ownKeys()).containsExactly("who");
        assertThat(some.eventsNamed()).isEqualTo(1);
    }

    @Test
    void aTotalWithoutGrainAndPeriodOrWithoutGrainsIsRefused() {
        assertThatThrownBy(() -> new RunningTotals("spend_total", List.of("who", "period"), List.of("amount"), DAYS, EnumSet.allOf(Grain.class)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no grain and period");
        assertThatThrownBy(() -> new RunningTotals("spend_total", List.of("who", "grain", "period"), List.of("amount"), DAYS,
                EnumSet.noneOf(Grain.class))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at no grain");
    }
}
