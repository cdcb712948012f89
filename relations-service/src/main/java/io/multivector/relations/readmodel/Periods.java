package io.multivector.relations.readmodel;

import io.multivector.projection.runtime.Row;
import io.multivector.relations.projection.RelationsProjection;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The periods the relations read model derives per key (KeyedDerivation), from the key's rows in date order. */
public final class Periods {

    private Periods() {
    }

    /**
     * Membership periods of one member in one organisation in one role, from its joins and departures ordered by date
     * and sequence. A member counts from the first day of the date it joined; after leaving on L it is no longer a
     * member on L; a fixed term ({@code until}) includes the last day it names; a join while a member changes nothing,
     * unless the open fixed term ended before it (a new term).
     */
    public static List<Row> memberships(List<Map<String, Object>> changes) {
        List<Row> out = new ArrayList<>();
        Map<String, Object> open = null;
        for (Map<String, Object> c : changes) {
            if ((Boolean) c.get("joined")) {
                if (open == null) {
                    open = c;
                } else if (open.get("until") != null && ((LocalDate) open.get("until")).isBefore((LocalDate) c.get("occurred"))) {
                    out.add(membership(open, null));
                    open = c;
                }
            } else if (open != null) {
                out.add(membership(open, c));
                open = null;
            }
        }
        if (open != null) {
            out.add(membership(open, null));
        }
        return out;
    }

    private static Row membership(Map<String, Object> joined, Map<String, Object> left) {
        LocalDate termEnd = joined.get("until") == null ? null : ((LocalDate) joined.get("until")).plusDays(1);
        LocalDate leftOn = left == null ? null : (LocalDate) left.get("occurred");
        LocalDate end = termEnd == null ? leftOn : leftOn == null ? termEnd : (leftOn.isBefore(termEnd) ? leftOn : termEnd);
        Object until = Objects.equals(end, leftOn) && leftOn != null ? left.get("occurred_text") : joined.get("until_text");
        return Row.of("membership_period").with("member", joined.get("member")).with("organization", joined.get("organization"))
                .with("role", joined.get("role")).with("start", joined.get("occurred")).with("end_exclusive", end)
                .with("from_text", joined.get("occurred_text")).with("until_text", until);
    }

    /**
     * The pairs one treaty binds and when, from each of its signings (with the signing's event id as {@code signing})
     * joined to each of its terminations ({@code party} and {@code terminated} null when none): for every pair of a
     * signing's distinct parties, from the day it entered into force (else the signing's) until the first termination
     * that ends it for either of the two (the whole treaty, or one of them withdrawing), exclusive.
     */
    public static List<Row> treaties(List<Map<String, Object>> signingsByTermination) {
        Map<Object, List<Map<String, Object>>> bySigning = new LinkedHashMap<>();
        signingsByTermination.forEach(r -> bySigning.computeIfAbsent(r.get("signing"), k -> new ArrayList<>()).add(r));
        List<Row> out = new ArrayList<>();
        for (List<Map<String, Object>> rows : bySigning.values()) {
            Map<String, Object> s = rows.getFirst();
            String listed = new TreatyInForce((String) s.get("treaty_id"), (String) s.get("title"), (String) s.get("signed_text")).listed();
            RelationsProjection.sortedPairs(Arrays.asList((String[]) s.get("parties")), (a, b) -> {
                LocalDate end = rows.stream().filter(t -> t.get("terminated") != null
                                && (t.get("party") == null || a.equals(t.get("party")) || b.equals(t.get("party"))))
                        .map(t -> (LocalDate) t.get("terminated")).min(Comparator.naturalOrder()).orElse(null);
                out.add(Row.of("treaty_in_force").with("treaty_id", s.get("treaty_id")).with("a", a).with("b", b)
                        .with("signed", s.get("signed"))
                        .with("start", s.get("in_force_from") != null ? s.get("in_force_from") : s.get("signed"))
                        .with("end_exclusive", end)
                        .with("listed", listed));
            });
        }
        return out;
    }

    /** Terms of one office of one country, ordered by assumption and sequence: each until the next one's assumption. */
    public static List<Row> offices(List<Map<String, Object>> terms) {
        List<Row> out = new ArrayList<>();
        for (int i = 0; i < terms.size(); i++) {
            Map<String, Object> t = terms.get(i);
            Map<String, Object> next = i + 1 < terms.size() ? terms.get(i + 1) : null;
            out.add(Row.of("office_holding").with("country", t.get("country")).with("office", t.get("office"))
                    .with("person", t.get("person")).with("person_also_spelled", t.get("person_also_spelled")).with("assumed", t.get("assumed")).with("assumed_text", t.get("assumed_text"))
                    .with("sequence", t.get("sequence")).with("until", next == null ? null : next.get("assumed"))
                    .with("until_text", next == null ? null : next.get("assumed_text")));
        }
        return out;
    }
}
