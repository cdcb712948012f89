package io.multivector.projection.runtime;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/** Folds the contributions of applied and retracted events into a projection's {@link RunningTotals}. */
final class RunningTotalsFold {

    private final Projection projection;

    RunningTotalsFold(Projection projection) {
        this.projection = projection;
    }

    /**
     * Adds ({@code sign} 1) or subtracts (-1) the contributions of the events {@code ids} to every running total,
     * one statement per table with each key once (the batch is summed per key first), keys in order so that two
     * instances folding into the same keys lock them in the same order; then deletes the keys left at zero.
     */
    void add(Connection c, String schema, Set<UUID> ids, int sign) throws SQLException {
        if (ids.isEmpty() || projection.totals().isEmpty()) {
            return;
        }
        Array idArray = c.createArrayOf("uuid", ids.toArray());
        for (RunningTotals t : projection.totals()) {
            String keys = String.join(", ", t.keys());
            // only the keys left at zero come back: a batch folds into thousands of keys, nearly all of them not zero
            String sql = ("with folded as (insert into %s.%s as t (%s, %s) select %s, %s from (%s) c group by %s order by %s"
                    + " on conflict (%s) do update set %s returning %s, %s as zero) select %s from folded where zero")
                    .formatted(schema, t.table(), keys, String.join(", ", t.sums()), keys,
                            t.sums().stream().map(s -> "trim_scale(sum(" + s + ") * " + sign + ")").collect(Collectors.joining(", ")),
                            bound(t.contributions(), schema, "(select unnest(?::uuid[]))"), keys, keys, keys,
                            t.sums().stream().map(s -> s + " = trim_scale(t." + s + " + excluded." + s + ")").collect(Collectors.joining(", ")),
                            keys, t.sums().stream().map(s -> "t." + s + " = 0").collect(Collectors.joining(" and ")), keys);
            List<Object[]> empty = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                // each ${events} of the contributions became one parameter
                for (int i = 1; i <= t.eventsNamed(); i++) {
                    ps.setArray(i, idArray);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Object[] key = new Object[t.keys().size()];
                        for (int k = 0; k < key.length; k++) {
                            key[k] = rs.getObject(k + 1);
                        }
                        empty.add(key);
                    }
                }
            }
            if (!empty.isEmpty()) {
                try (PreparedStatement ps = c.prepareStatement("delete from %s.%s where (%s) = (%s)".formatted(schema, t.table(), keys,
                        String.join(", ", Collections.nCopies(t.keys().size(), "?"))))) {
                    for (Object[] key : empty) {
                        for (int k = 0; k < key.length; k++) {
                            ps.setObject(k + 1, key[k]);
                        }
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
            }
        }
    }

    /** A select of contributions, reading the generation {@code schema} for the events {@code events} names. */
    private static String bound(String contributions, String schema, String events) {
        return contributions.replace("${schema}", schema).replace(RunningTotals.EVENTS, events);
    }

    /**
     * One running total from all the generation's rows at once, set-based, loaded before its indexes are built
     * ({@link TableIndexes}): the days summed from the contributions, then each coarser grain from the next finer one's
     * sums (months from days, years from months, decades from years, all time from decades), so that each grain
     * aggregates fewer rows than there are contributions. Keys whose sums are all zero are left out, as {@link #add}
     * deletes them, so both give the same content.
     */
    void all(Connection c, String schema, RunningTotals t) throws SQLException {
        List<String> own = t.ownKeys();
        String by = own.stream().map(k -> k + ", ").collect(Collectors.joining());
        Set<String> counts = counts(c, schema, t);
        String days = t.everyDayContribution().replace("${schema}", schema);
        // finest first, as far as the coarsest grain kept
        List<Grain> levels = new ArrayList<>(List.of(Grain.values()).reversed());
        levels.subList(levels.indexOf(Collections.min(t.grains())) + 1, levels.size()).clear();
        List<String> with = new ArrayList<>();
        String finer = null;
        for (Grain g : levels) {
            String period = finer == null ? "day" : g.sqlPeriodOf(RunningTotals.PERIOD);
            // a key's count in a day, month or year fits an int, and sum(int) adds in a machine word where sum(bigint)
            // goes through numeric: a fifth to a third of the load (1,000,000 contributions, 14 counts); a decade's and
            // all time's counts are bigint, and one too large for an int fails the rebuild, never wraps
            boolean withinAYear = g.compareTo(Grain.Y) >= 0;
            String summed = t.sums().stream().map(s -> "sum(" + s + ")" + (withinAYear && counts.contains(s) ? "::int" : "") + " as " + s)
                    .collect(Collectors.joining(", "));
            with.add("level_%s as (select %s%s as period, %s from %s group by %s%s)".formatted(g, by, period, summed,
                    finer == null ? "(" + days + ") c" : finer, by, period));
            finer = "level_" + g;
        }
        String keys = t.keys().stream().map(k -> k.equals(RunningTotals.GRAIN) ? "'%1$s'" : k).collect(Collectors.joining(", "));
        String kept = t.grains().stream().map(g -> ("select " + keys + ", %2$s from level_%1$s where not (%3$s)").formatted(g,
                t.sums().stream().map(s -> counts.contains(s) ? s : "trim_scale(" + s + ")").collect(Collectors.joining(", ")),
                t.sums().stream().map(s -> s + " = 0").collect(Collectors.joining(" and ")))).collect(Collectors.joining(" union all "));
        try (Statement st = c.createStatement()) {
            st.execute("truncate %s.%s".formatted(schema, t.table()));
            List<String> indexes = TableIndexes.drop(c, schema, t.table());
            st.execute("insert into %s.%s (%s, %s) with %s %s".formatted(schema, t.table(), String.join(", ", t.keys()),
                    String.join(", ", t.sums()), String.join(", ", with), kept));
            TableIndexes.build(c, indexes);
        }
    }

    /** The sums of {@code t} kept in integer columns: counts, which its contributions give as integers too. */
    private static Set<String> counts(Connection c, String schema, RunningTotals t) throws SQLException {
        Set<String> counts = new java.util.HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("select attname from pg_attribute where attrelid = ?::regclass and attnum > 0"
                + " and not attisdropped and atttypid in ('smallint'::regtype, 'integer'::regtype, 'bigint'::regtype)")) {
            ps.setString(1, schema + "." + t.table());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    counts.add(rs.getString(1));
                }
            }
        }
        counts.retainAll(t.sums());
        return counts;
    }
}
