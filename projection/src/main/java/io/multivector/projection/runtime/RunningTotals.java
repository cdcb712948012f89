package io.multivector.projection.runtime;

import java.util.List;
import java.util.Set;

/**
 * A table of running totals that the runtime keeps beside a projection's per-event rows, so that an
 * answer reads a few rows however many events lie behind it. Totals are kept per period at each of {@code grains}
 * ({@link #periods}).
 * <p>
 * {@code dayContributions} is a select over the generation's content tables (named {@code ${schema}.table})
 * giving one row per contribution: the {@code keys} other than {@code grain} and {@code period}, the date it counts on
 * (a column named {@code day}) and the {@code sums}, for the events whose ids are {@code ${events}} (a subquery of
 * event ids: write {@code event_id in ${events}}). The runtime adds each applied batch's contributions to their periods
 * ({@link #contributions}), summed per key so a key is written once per batch, and subtracts a retracted event's
 * before its rows go: sums are exact (numeric or integer), so the totals do not depend on order or batching, and a
 * key whose sums are all zero again is deleted, which restores the earlier content and checksum exactly. A rebuild
 * folds once, every applied event at the end of its catch-up, summing the days from the same select and each coarser
 * grain from the next finer one's sums.
 *
 * @param keys   the primary key of {@code table}, {@code grain} and {@code period} among them
 * @param sums   additive columns, integer or numeric
 * @param grains the grains kept
 */
public record RunningTotals(String table, List<String> keys, List<String> sums, String dayContributions, Set<Grain> grains) {

    /** The key columns naming a total's grain and period. */
    public static final String GRAIN = "grain";
    public static final String PERIOD = "period";

    public RunningTotals {
        if (!keys.contains(GRAIN) || !keys.contains(PERIOD)) {
            throw new IllegalArgumentException("the keys of " + table + " name no grain and period: " + keys);
        }
        if (grains.isEmpty()) {
            throw new IllegalArgumentException(table + " is kept at no grain");
        }
        if (dayContributions.split(java.util.regex.Pattern.quote(EVENTS), -1).length
                != dayContributions.split(java.util.regex.Pattern.quote(" in " + EVENTS), -1).length) {
            throw new IllegalArgumentException("the contributions to " + table + " name their events other than as event_id in " + EVENTS);
        }
        keys = List.copyOf(keys);
        sums = List.copyOf(sums);
        grains = java.util.Collections.unmodifiableSet(java.util.EnumSet.copyOf(grains));
    }

    /** The keys other than grain and period: what a contribution names itself. */
    public List<String> ownKeys() {
        return keys.stream().filter(k -> !k.equals(GRAIN) && !k.equals(PERIOD)).toList();
    }

    /**
     * One row per contribution and grain kept, with this table's columns: what a batch adds (or a retraction subtracts),
     * and what an answer as known at a time sums.
     */
    public String contributions() {
        String columns = java.util.stream.Stream.concat(keys.stream().map(k -> k.equals(GRAIN) || k.equals(PERIOD) ? "g." + k : "c." + k),
                sums.stream().map(s -> "c." + s)).collect(java.util.stream.Collectors.joining(", "));
        String kept = grains.size() == Grain.values().length ? ""
                : grains.stream().map(g -> "'" + g + "'").collect(java.util.stream.Collectors.joining(", ", " where g.grain in (", ")"));
        return "select " + columns + " from (" + dayContributions + ") c cross join lateral " + periods("c.day") + kept;
    }

    /** Where {@link #dayContributions} names the events it is asked about. */
    public static final String EVENTS = "${events}";

    /** A relation an answer reads totals from (with {@code ${schema}} in it), and what it binds. */
    public record Read(String relation, List<Object> args) {
    }

    /**
     * Where an answer reads this table's totals: the table itself (what is known now: {@code knownAt} null), or, as
     * known at a time, the contributions of the events {@code events} names (a subquery of event ids binding
     * {@code eventArgs}), one row each with this table's columns. Those are the events of the key asked about, so such a
     * read costs what their history holds. The subquery goes wherever {@link #contributions} names the events, so its
     * arguments are bound as often.
     */
    public Read read(java.time.Instant knownAt, String events, List<?> eventArgs) {
        if (knownAt == null) {
            return new Read("${schema}." + table, List.of());
        }
        List<Object> args = new java.util.ArrayList<>();
        int named = eventsNamed();
        for (int i = 0; i < named; i++) {
            args.addAll(eventArgs);
        }
        return new Read("(" + contributions().replace(EVENTS, events) + ")", args);
    }

    /**
     * {@link #dayContributions} of every event in the generation's content tables: what a rebuild folds once it has
     * caught up. Those hold the rows of applied events only, the retracted ones having gone aside.
     */
    String everyDayContribution() {
        return dayContributions.replace(" in " + EVENTS, " is not null");
    }

    /** How often {@link #dayContributions} names the events: each becomes one parameter, bound as often. */
    int eventsNamed() {
        return dayContributions.split(java.util.regex.Pattern.quote(EVENTS), -1).length - 1;
    }

    /**
     * The periods a contribution dated {@code day} (an SQL date expression) adds to, as a relation
     * {@code g(grain, period)}: 'T' all time (period 0001-01-01), 'X' its decade (from a year ending in 0), 'Y' its
     * year, 'M' its month, 'D' its day, each period named by its first day. A total as of a date, or over a window
     * ({@link io.multivector.projection.readmodel.PeriodCover}), is then a few rows per key: decades keep an as-of
     * answer from reading a row for every year after its date.
     */
    public static String periods(String day) {
        return java.util.Arrays.stream(Grain.values()).map(g -> "('" + g + "', " + g.sqlPeriodOf(day) + ")")
                .collect(java.util.stream.Collectors.joining(", ", "(values ", ") g(grain, period)"));
    }
}
