package io.multivector.relations.readmodel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.util.RawValue;
import io.agroal.api.AgroalDataSource;
import io.multivector.events.EventCodec;
import io.multivector.projection.readmodel.PeriodCover;
import io.multivector.projection.readmodel.ServingReads;
import io.multivector.projection.runtime.ProjectionRuntime;
import io.multivector.projection.runtime.Row;
import io.multivector.projection.runtime.RunningTotals;
import io.multivector.relations.projection.RelationsProjection;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/** Reads of the serving generation of the relations read model. */
@ApplicationScoped
public class RelationsQueries {

    public record TreatyRow(String treatyId, String title, String kind, List<String> parties, LocalDate signed,
                            String signedText, LocalDate inForceFrom, String place) {
    }

    public record TerminationRow(String treatyId, String party, LocalDate terminated, String terminatedText) {
    }

    public record ElectionRow(UUID eventId, String country, String kind, String body, LocalDate held, String heldText,
                              Boolean early, java.math.BigDecimal turnoutPct, JsonNode results) {
    }


    private final ServingReads reads;
    private final EventCodec codec;
    private final RelationsProjection projection;

    public RelationsQueries(AgroalDataSource dataSource, ProjectionRuntime runtime, EventCodec codec, RelationsProjection projection) {
        this.reads = new ServingReads(dataSource, runtime, RelationsProjection.NAME);
        this.codec = codec;
        this.projection = projection;
    }

    /** Runs {@code reads}, an answer of several of these queries, on one connection ({@link ServingReads#onOneConnection}). */
    public <T> T onOneConnection(java.util.function.Supplier<T> reads) {
        return this.reads.onOneConnection(reads);
    }

    /** Where a read of running totals reads them ({@link RunningTotals#read}): the table, or the known events' contributions. */
    private RunningTotals.Read totals(String table, Instant knownAt, String events, List<Object> eventArgs) {
        return projection.totalsOf(table).read(knownAt, events, eventArgs);
    }

    /** The events naming both actors of a pair (a &lt; b). */
    private static final String PAIR_EVENTS = "(select event_id from ${schema}.pair_timeline where a = ? and b = ?)";
    /** The events naming an actor beside another. */
    private static final String ACTOR_EVENTS = "(select event_id from ${schema}.pair_timeline where a = ?"
            + " union all select event_id from ${schema}.pair_timeline where b = ?)";

    private static List<Object> concat(List<Object> first, List<Object> second, List<Object> third) {
        return concat(concat(first, second), third);
    }

    /** A pair's running totals: events, of each type, and decayed sums scaled to the epoch. */
    public record PairTotal(long events, Map<String, Long> counts, BigDecimal cooperation, BigDecimal conflict) {
    }

    /** A pair's running totals of one period: events, and decayed sums scaled to the epoch. */
    public record PeriodTotal(LocalDate period, long events, BigDecimal cooperation, BigDecimal conflict) {
    }

    /** An actor's running total with one partner: events, and the decayed score scaled to the epoch. */
    public record PartnerTotal(String partner, long events, BigDecimal score) {
    }

    /** An actor's positive weight with the actors of one bloc in one year of a window. */
    public record BlocYear(String bloc, int year, BigDecimal weight) {
    }

    private static List<Object> concat(List<Object> first, List<Object> then) {
        List<Object> all = new ArrayList<>(first);
        all.addAll(then);
        return all;
    }

    private static List<Object> pair(String a, String b) {
        return a.compareTo(b) <= 0 ? List.of(a, b) : List.of(b, a);
    }

    /**
     * The pair's totals as of {@code asOf}, at the configured half-life: a few rows; as known at a time ({@code knownAt}
     * not null), summed from the pair's events.
     */
    public PairTotal pairTotal(String a, String b, LocalDate asOf, Instant knownAt) {
        RunningTotals.Read from = totals("pair_total", knownAt, PAIR_EVENTS, pair(a, b));
        return reads.query(PAIR_TOTAL_SUMS + PeriodCover.rowsOf(from.relation(), PAIR_TOTAL_COLUMNS, "t.a = ? and t.b = ?"),
                concat(PeriodCover.args(PeriodCover.asKnownAt(PeriodCover.upTo(asOf), knownAt)), from.args(), pair(a, b)),
                rs -> {
                    Map<String, Long> byType = new TreeMap<>();
                    for (int i = 0; i < RelationsProjection.PAIR_TYPES.size(); i++) {
                        long n = rs.getLong(4 + i);
                        if (n > 0) {
                            byType.put(RelationsProjection.PAIR_TYPES.get(i), n);
                        }
                    }
                    return new PairTotal(rs.getLong(1), byType, rs.getBigDecimal(2), rs.getBigDecimal(3));
                }, knownAt).getFirst();
    }

    /** What {@link #pairTotal} reads of each row, and sums over them: events, cooperation, conflict, then each type's count. */
    private static final String PAIR_TOTAL_COLUMNS = String.join(", ", RelationsProjection.PAIR_SUMS);
    private static final String PAIR_TOTAL_SUMS = "select " + RelationsProjection.PAIR_SUMS.stream()
            .map(c -> "coalesce(sum(r.sign * t." + c + "), 0)").collect(java.util.stream.Collectors.joining(", ")) + " from ";

    /** The pair's totals per period of one grain ('Y', 'M' or 'D') up to {@code to}, in order. */
    public List<PeriodTotal> dyadPeriods(String a, String b, String grain, LocalDate to, Instant knownAt) {
        RunningTotals.Read from = totals("pair_total", knownAt, PAIR_EVENTS, pair(a, b));
        return reads.query("select period, sum(events), sum(cooperation), sum(conflict) from " + from.relation()
                        + " t where a = ? and b = ? and grain = ? and period <= ? group by period order by period",
                concat(from.args(), pair(a, b), List.of(grain, to)),
                rs -> new PeriodTotal(rs.getObject(1, LocalDate.class), rs.getLong(2), rs.getBigDecimal(3), rs.getBigDecimal(4)), knownAt);
    }

    /**
     * The actor's totals per partner as of {@code asOf}: a few rows per partner, however many events, read from its
     * pairs' totals through the index of either side.
     */
    public List<PartnerTotal> partnerTotals(String actor, LocalDate asOf, Instant knownAt) {
        RunningTotals.Read from = totals("pair_total", knownAt, ACTOR_EVENTS, List.of(actor, actor));
        List<Object> side = concat(PeriodCover.args(PeriodCover.asKnownAt(PeriodCover.upTo(asOf), knownAt)), from.args(), List.of(actor));
        return reads.query("select partner, sum(sign * events), sum(sign * score) from ("
                        + "select r.sign, t.partner, t.events, t.score from "
                        + PeriodCover.rowsOf(from.relation(), "b as partner, events, cooperation + conflict as score", "t.a = ?")
                        + " union all select r.sign, t.partner, t.events, t.score from "
                        + PeriodCover.rowsOf(from.relation(), "a as partner, events, cooperation + conflict as score", "t.b = ?")
                        + ") p group by partner having sum(sign * events) > 0",
                concat(side, side),
                rs -> new PartnerTotal(rs.getString(1), rs.getLong(2), rs.getBigDecimal(3)), knownAt);
    }

    /** The actor's positive weight per bloc and year over {@code window}: a few rows per range of the window. */
    public List<BlocYear> balance(String actor, List<PeriodCover.Range> window, Instant knownAt) {
        RunningTotals.Read from = totals("balance_total", knownAt, ACTOR_EVENTS, List.of(actor, actor));
        return reads.query("select t.bloc, extract(year from t.period)::int, sum(r.sign * t.weight) from "
                        + PeriodCover.rowsOf(from.relation(), "bloc, period, weight", "t.actor = ?") + " group by 1, 2",
                concat(PeriodCover.args(PeriodCover.asKnownAt(window, knownAt)), from.args(), List.of(actor)),
                rs -> new BlocYear(rs.getString(1), rs.getInt(2), rs.getBigDecimal(3)), knownAt);
    }

    /** The latest events naming both {@code a} and {@code b}, up to a date, newest first: their JSON as stored. */
    public List<RawValue> recentEvents(String a, String b, LocalDate upTo, int limit, Instant knownAt) {
        List<Object> args = new ArrayList<>(pair(a, b));
        args.addAll(List.of(upTo, limit));
        return reads.query("select l.envelope from ${schema}.pair_timeline t join ${schema}.event_log l on l.event_id = t.event_id"
                        + " where t.a = ? and t.b = ? and t.occurred <= ? order by t.occurred desc, t.sequence desc limit ?", args,
                rs -> new RawValue(rs.getString(1)), knownAt);
    }

    /**
     * A period whose (exclusive, or open) end {@code column} is after a date: written as the expression
     * {@code membership_period_member} and {@code office_holding_current} index, so a member's or country's periods are
     * read from those ending after the date, not from its whole history.
     */
    private static String endsAfter(String column) {
        return "coalesce(" + column + ", 'infinity'::date) > ?";
    }

    /** A membership period as derived (Periods.memberships). */
    public record MembershipPeriod(String member, String organization, String role, String fromText, String untilText) {
    }

    /**
     * The periods of a member ({@code column} "member") or of an organisation's members that hold on {@code asOf}; as
     * known at a time, derived from the member's (or organisation's) changes known then.
     */
    public List<MembershipPeriod> membershipsOn(String column, String code, LocalDate asOf, Instant knownAt) {
        String key = "member".equals(column) ? "member" : "organization";
        if (knownAt != null) {
            return holding(reads.derived(projection.derivationOf("membership_period"), key + " = ?", List.of(code), knownAt), asOf)
                    .map(RelationsQueries::membershipPeriod)
                    .sorted(java.util.Comparator.comparing(MembershipPeriod::organization).thenComparing(MembershipPeriod::member)
                            .thenComparing(MembershipPeriod::role)).toList();
        }
        return reads.query("select member, organization, role, from_text, until_text from ${schema}.membership_period where "
                        + key + " = ? and start <= ?"
                        + " and " + endsAfter("end_exclusive") + " order by organization, member, role, start",
                List.of(code, asOf, asOf),
                rs -> new MembershipPeriod(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)));
    }

    /** Derived membership periods that hold on {@code asOf}, in the order they start. */
    private static java.util.stream.Stream<Map<String, Object>> holding(List<Row> periods, LocalDate asOf) {
        return periods.stream().map(Row::columns)
                .filter(p -> !((LocalDate) p.get("start")).isAfter(asOf)
                        && (p.get("end_exclusive") == null || ((LocalDate) p.get("end_exclusive")).isAfter(asOf)))
                .sorted(java.util.Comparator.comparing(p -> (LocalDate) p.get("start")));
    }

    private static MembershipPeriod membershipPeriod(Map<String, Object> p) {
        return new MembershipPeriod((String) p.get("member"), (String) p.get("organization"), (String) p.get("role"),
                (String) p.get("from_text"), (String) p.get("until_text"));
    }

    /** Treaties signed by every one of {@code parties} (any when empty), or the one with {@code treatyId}. */
    public List<TreatyRow> treaties(List<String> parties, String treatyId, Instant knownAt) {
        ServingReads.Filters where = new ServingReads.Filters()
                .and("parties @> ?::text[]", parties.isEmpty() ? null : parties.toArray(String[]::new))
                .and("treaty_id = ?", treatyId);
        return reads.query("select treaty_id, title, kind, parties, signed, signed_text, in_force_from, place"
                        + " from ${schema}.treaty_signing where true" + where.sql() + " order by signed, treaty_id", where.args(),
                rs -> new TreatyRow(rs.getString(1), rs.getString(2), rs.getString(3),
                        Arrays.asList((String[]) rs.getArray(4).getArray()), rs.getObject(5, LocalDate.class), rs.getString(6),
                        rs.getObject(7, LocalDate.class), rs.getString(8)), knownAt);
    }

    /**
     * Treaties both actors signed that are in force on {@code asOf} (from {@code inForceFrom}, else the signing) and
     * not ended for either by then, as one JSON array of {@link TreatyInForce} in the order signed: a range of the
     * pair's derived periods; as known at a time, the pair's range of treaty_pair with a termination lookup per treaty.
     * Each treaty's JSON was written when it was projected: a busy pair has thousands, and decoding them into objects
     * only to encode them again cost the service more than the query.
     */
    public RawValue treatiesInForce(String a, String b, LocalDate asOf, Instant knownAt) {
        List<String> listed;
        if (knownAt == null) {
            List<Object> args = new ArrayList<>(pair(a, b));
            args.addAll(List.of(asOf, asOf));
            listed = reads.query("select listed from ${schema}.treaty_in_force where a = ? and b = ? and start <= ?"
                    + " and (end_exclusive is null or end_exclusive > ?) order by signed, treaty_id", args, rs -> rs.getString(1));
        } else {
            List<Object> args = new ArrayList<>(pair(a, b));
            args.addAll(List.of(asOf, asOf, a, b));
            listed = reads.query("select p.listed from ${schema}.treaty_pair p"
                            + " where p.a = ? and p.b = ? and coalesce(p.in_force_from, p.signed) <= ?"
                            + " and not exists (select 1 from ${schema}.treaty_termination t where t.treaty_id = p.treaty_id"
                            + " and t.terminated <= ? and (t.party is null or t.party in (?, ?))) order by p.signed, p.treaty_id",
                    args, rs -> rs.getString(1), knownAt);
        }
        return new RawValue("[" + String.join(",", listed) + "]");
    }

    /** Organisations {@code a} and {@code b} both belong to on {@code asOf} (in any role), in order. */
    public List<String> sharedOrganizations(String a, String b, LocalDate asOf, Instant knownAt) {
        if (knownAt != null) {
            Map<String, Set<Object>> members = new TreeMap<>();
            holding(reads.derived(projection.derivationOf("membership_period"), "member in (?, ?)", List.of(a, b), knownAt), asOf)
                    .forEach(p -> members.computeIfAbsent((String) p.get("organization"), o -> new HashSet<>()).add(p.get("member")));
            return members.entrySet().stream().filter(e -> e.getValue().size() == 2).map(Map.Entry::getKey).toList();
        }
        return reads.query("select organization from ${schema}.membership_period where member in (?, ?) and start <= ?"
                        + " and " + endsAfter("end_exclusive") + " group by organization having count(distinct member) = 2"
                        + " order by organization", List.of(a, b, asOf, asOf), rs -> rs.getString(1));
    }

    public List<TerminationRow> terminations(List<String> treatyIds, Instant knownAt) {
        return reads.query("select treaty_id, party, terminated, terminated_text from ${schema}.treaty_termination"
                        + " where treaty_id = any(?) order by terminated", List.of((Object) treatyIds.toArray(String[]::new)),
                rs -> new TerminationRow(rs.getString(1), rs.getString(2), rs.getObject(3, LocalDate.class), rs.getString(4)), knownAt);
    }

    /**
     * Elections in the order they were held; {@code person}: only those with a result of that name (null: all);
     * {@code latest}: only that many of the most recent (all when null).
     */
    public List<ElectionRow> elections(String country, String kind, LocalDate from, LocalDate to, NameSearch person, Integer latest,
                                       Instant knownAt) {
        ServingReads.Filters where = new ServingReads.Filters().and("country = ?", country).and("kind = ?", kind)
                .and("held >= ?", from).and("held <= ?", to)
                .and("exists (select 1 from unnest(result_names) n where strpos(n, ?) > 0)", person == null ? null : person.folded());
        String sql = "select event_id, country, kind, body, held, held_text, early, turnout_pct, results"
                + " from ${schema}.election where true" + where.sql();
        List<Object> args = new ArrayList<>(where.args());
        if (latest != null) {
            sql = "select * from (" + sql + " order by held desc, country desc, event_id desc limit ?) newest";
            args.add(latest);
        }
        return reads.query(sql + " order by held, country, event_id", args,
                rs -> new ElectionRow(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getObject(5, LocalDate.class), rs.getString(6), (Boolean) rs.getObject(7), rs.getBigDecimal(8),
                        json(rs.getString(9))), knownAt);
    }

    /** An office's holder as derived (Periods.offices); {@code alsoSpelled} is empty when the term records no other spelling. */
    public record OfficeHolding(String office, String person, List<String> alsoSpelled, String assumedText, String untilText) {
    }

    /** Who held each office of {@code country} on {@code asOf}; as known at a time, derived from its terms known then. */
    public List<OfficeHolding> officesOn(String country, LocalDate asOf, Instant knownAt) {
        if (knownAt != null) {
            return reads.derived(projection.derivationOf("office_holding"), "country = ?", List.of(country), knownAt).stream()
                    .map(Row::columns)
                    .filter(h -> !((LocalDate) h.get("assumed")).isAfter(asOf)
                            && (h.get("until") == null || ((LocalDate) h.get("until")).isAfter(asOf)))
                    .sorted(java.util.Comparator.comparing((Map<String, Object> h) -> (String) h.get("office"))
                            .thenComparing(h -> (LocalDate) h.get("assumed")).thenComparing(h -> ((Number) h.get("sequence")).longValue()))
                    .map(h -> new OfficeHolding((String) h.get("office"), (String) h.get("person"),
                            spellings((String[]) h.get("person_also_spelled")), (String) h.get("assumed_text"),
                            (String) h.get("until_text"))).toList();
        }
        return reads.query("select office, person, person_also_spelled, assumed_text, until_text from ${schema}.office_holding"
                        + " where country = ? and assumed <= ? and " + endsAfter("until") + " order by office, assumed, sequence",
                List.of(country, asOf, asOf),
                rs -> new OfficeHolding(rs.getString(1), rs.getString(2),
                        spellings(rs.getArray(3) == null ? null : (String[]) rs.getArray(3).getArray()), rs.getString(4), rs.getString(5)));
    }

    private static List<String> spellings(String[] recorded) {
        return recorded == null ? List.of() : List.of(recorded);
    }

    private JsonNode json(String text) {
        try {
            return codec.mapper().readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
