package io.multivector.projection.readmodel;

import io.multivector.projection.runtime.Projection;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A query over a projection's content tables, rewritten to read them as the read model knew them at a recorded time:
 * each table becomes the rows of events recorded at or before then, with the rows of retracted events
 * ({@link Projection#retractedTable}) whose retraction was recorded after then. Running totals and derived tables
 * hold what is known now only, so a query naming one cannot be rewritten: such answers read the content rows instead.
 * <p>
 * Each table is a plain {@code union all} of the table and its retracted rows, filtered outside it: PostgreSQL
 * flattens such a union into an append of the two tables and pushes the query's conditions and join keys into each,
 * so their indexes serve as they do for today's answers. A filter inside a branch would keep the union a subquery
 * scanned whole (a dyad's recent events read every row of the event log).
 */
final class KnownAtView {

    private static final Pattern TABLE = Pattern.compile("\\$\\{schema}\\.(\\w+)");

    private KnownAtView() {
    }

    static String rewrite(String sql, List<String> contentTables, Instant knownAt) {
        Set<String> named = new LinkedHashSet<>();
        Matcher m = TABLE.matcher(sql);
        StringBuilder body = new StringBuilder();
        while (m.find()) {
            String table = m.group(1);
            if (!contentTables.contains(table)) {
                throw new IllegalArgumentException("table " + table + " holds what is known now only; read content tables as known at a time");
            }
            named.add(table);
            m.appendReplacement(body, "known_" + table);
        }
        m.appendTail(body);
        String at = "timestamptz '" + knownAt + "'";
        StringBuilder with = new StringBuilder("with ");
        for (String table : named) {
            with.append("known_").append(table).append(" as not materialized (select * from (select *, null::timestamptz as retracted")
                    .append(" from ${schema}.").append(table).append(" union all select * from ${schema}.")
                    .append(Projection.retractedTable(table)).append(") u where u.recorded <= ").append(at)
                    .append(" and (u.retracted is null or u.retracted > ").append(at).append(")), ");
        }
        String rest = body.toString().stripLeading();
        if (rest.regionMatches(true, 0, "with ", 0, 5)) {
            return with + rest.substring(5);
        }
        return with.substring(0, with.length() - 2) + " " + rest;
    }
}
