package io.multivector.relations.readmodel;

import com.fasterxml.jackson.databind.JsonNode;
import io.agroal.api.AgroalDataSource;
import io.multivector.events.EventCodec;
import io.multivector.projection.readmodel.ServingReads;
import io.multivector.projection.runtime.ProjectionRuntime;
import io.multivector.relations.projection.RelationsProjection;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Reads of the serving generation of the relations read model. */
@ApplicationScoped
public class RelationsQueries {

    /** One dyadic contribution of an event. */
    public record Contribution(UUID eventId, String a, String b, LocalDate occurred, String type, String weightKey, int multiplier) {
    }

    public record MembershipChange(long sequence, String member, String organization, String role, boolean joined,
                                   LocalDate occurred, String occurredText, LocalDate until, String untilText) {
    }

    public record TreatyRow(String treatyId, String title, String kind, List<String> parties, LocalDate signed,
                            String signedText, LocalDate inForceFrom, String place) {
    }

    public record TerminationRow(String treatyId, String party, LocalDate terminated, String terminatedText) {
    }

    public record ElectionRow(UUID eventId, String country, String kind, String body, LocalDate held, String heldText,
                              Boolean early, java.math.BigDecimal turnoutPct, JsonNode results) {
    }

    public record OfficeTermRow(long sequence, String country, String office, String person, LocalDate assumed, String assumedText) {
    }

    private final ServingReads reads;
    private final EventCodec codec;

    public RelationsQueries(AgroalDataSource dataSource, ProjectionRuntime runtime, EventCodec codec) {
        this.reads = new ServingReads(dataSource, runtime, RelationsProjection.NAME);
        this.codec = codec;
    }

    /**
     * The contributions of the pair {@code a}–{@code b} up to {@code to}: its own rows (index on the ordered
     * pair), and the terminations of treaties both signed.
     */
    private static final String DYAD = """
            select event_id, a, b, occurred, type, weight_key, multiplier from ${schema}.dyad_event
             where a = ? and b = ? and occurred <= ?
            union all
            select t.event_id, ?, ?, t.terminated, 'treaty.terminated', 'treaty.terminated', 1
              from ${schema}.treaty_termination t join ${schema}.treaty_signing s on s.treaty_id = t.treaty_id
             where s.parties @> array[?, ?]::text[] and (t.party is null or t.party in (?, ?)) and t.terminated <= ?""";

    /** {@link #DYAD}'s arguments. */
    private static List<Object> dyadArgs(String a, String b, LocalDate to) {
        String first = a.compareTo(b) <= 0 ? a : b;
        String second = first.equals(a) ? b : a;
        return List.of(first, second, to, first, second, first, second, first, second, to);
    }

    /** Every contribution between {@code a} and {@code b} up to {@code to}. */
    public List<Contribution> dyadContributions(String a, String b, LocalDate to) {
        return reads.query(DYAD, dyadArgs(a, b, to), rs -> new Contribution(rs.getObject(1, UUID.class), rs.getString(2),
                rs.getString(3), rs.getObject(4, LocalDate.class), rs.getString(5), rs.getString(6), rs.getInt(7)));
    }

    /** A dyad's contributions of one type and weight: how many events, and their multipliers decayed to a date. */
    public record DyadTotal(String type, String weightKey, long events, double decayedMultiplier) {
    }

    /** The dyad's contributions up to {@code asOf}, summed in the database: a few rows, however long the history. */
    public List<DyadTotal> dyadTotals(String a, String b, LocalDate asOf, int halfLifeDays) {
        return reads.query("select type, weight_key, count(distinct event_id),"
                        + " sum(multiplier * power(2::float8, -(?::date - occurred)::float8 / ?)) from (" + DYAD + ") c"
                        + " group by type, weight_key", concat(List.of(asOf, halfLifeDays), dyadArgs(a, b, asOf)),
                rs -> new DyadTotal(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getDouble(4)));
    }

    /** An actor's contributions with one partner under one weight key: their multipliers, decayed to a date. */
    public record PartnerDecayed(String partner, String weightKey, double decayedMultiplier) {
    }

    /** An actor's positive weight with one partner in one year. */
    public record PartnerYear(String partner, int year, double weight) {
    }

    /**
     * An actor's contributions from a date to a date, with the partner of each: the pair's rows where the actor
     * is first, where it is second (two index-only scans; an "a or b" condition reads the table instead), and
     * the terminations of the treaties it signed.
     */
    private static final String ACTOR = """
            select b as partner, occurred, weight_key, multiplier from ${schema}.dyad_event where a = ? and occurred >= ? and occurred <= ?
            union all
            select a, occurred, weight_key, multiplier from ${schema}.dyad_event where b = ? and occurred >= ? and occurred <= ?
            union all
            select case when p1 = ? then p2 else p1 end, t.terminated, 'treaty.terminated', 1
              from ${schema}.treaty_termination t join ${schema}.treaty_signing s on s.treaty_id = t.treaty_id
              cross join lateral unnest(s.parties) p1 cross join lateral unnest(s.parties) p2
             where s.parties @> array[?]::text[] and p1 < p2 and ? in (p1, p2) and (t.party is null or t.party in (p1, p2))
               and t.terminated >= ? and t.terminated <= ?""";

    /** {@link #ACTOR}'s arguments. */
    private static List<Object> actorArgs(String actor, LocalDate from, LocalDate to) {
        return List.of(actor, from, to, actor, from, to, actor, actor, actor, from, to);
    }

    private static List<Object> concat(List<Object> first, List<Object> then) {
        List<Object> all = new ArrayList<>(first);
        all.addAll(then);
        return all;
    }

    /**
     * Per partner and year, the summed positive weight of {@code actor}'s contributions from {@code from} to
     * {@code to} (undecayed); {@code weights} are passed in, so that changing one needs no rebuild.
     */
    public List<PartnerYear> positiveWeightByPartnerAndYear(String actor, LocalDate from, LocalDate to, Map<String, Double> weights) {
        return reads.query("select c.partner, extract(year from c.occurred)::int, sum(w.weight * c.multiplier) from (" + ACTOR + ") c"
                        + " join unnest(?::text[], ?::float8[]) as w(weight_key, weight) on w.weight_key = c.weight_key"
                        + " where w.weight > 0 group by 1, 2",
                concat(actorArgs(actor, from, to), List.of(weights.keySet().toArray(String[]::new), weights.values().toArray(Double[]::new))),
                rs -> new PartnerYear(rs.getString(1), rs.getInt(2), rs.getDouble(3)));
    }

    /** Per partner and weight, the multipliers of {@code actor}'s contributions up to {@code asOf}, decayed to it. */
    public List<PartnerDecayed> partnerTotalsDecayed(String actor, LocalDate asOf, int halfLifeDays) {
        return reads.query("select partner, weight_key, sum(multiplier * power(2::float8, -(?::date - occurred)::float8 / ?))"
                        + " from (" + ACTOR + ") c group by 1, 2",
                concat(List.of(asOf, halfLifeDays), actorArgs(actor, LocalDate.of(1, 1, 1), asOf)),
                rs -> new PartnerDecayed(rs.getString(1), rs.getString(2), rs.getDouble(3)));
    }

    /** The latest events naming every one of {@code actors}, up to a date, newest first. */
    public List<JsonNode> recentEvents(List<String> actors, LocalDate upTo, int limit) {
        return reads.query("select envelope from ${schema}.event_log where actors @> ? and occurred <= ?"
                        + " order by occurred desc, sequence desc limit ?", List.of(actors.toArray(String[]::new), upTo, limit),
                rs -> json(rs.getString(1)));
    }

    public List<MembershipChange> membershipChanges(String column, String code) {
        return reads.query("select sequence, member, organization, role, joined, occurred, occurred_text, until, until_text"
                        + " from ${schema}.membership_change where " + ("member".equals(column) ? "member" : "organization") + " = ?"
                        + " order by organization, member, role, occurred, sequence", List.of(code),
                rs -> new MembershipChange(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getBoolean(5),
                        rs.getObject(6, LocalDate.class), rs.getString(7), rs.getObject(8, LocalDate.class), rs.getString(9)));
    }

    /** Treaties signed by every one of {@code parties} (any when empty), or the one with {@code treatyId}. */
    public List<TreatyRow> treaties(List<String> parties, String treatyId) {
        ServingReads.Filters where = new ServingReads.Filters()
                .and("parties @> ?::text[]", parties.isEmpty() ? null : parties.toArray(String[]::new))
                .and("treaty_id = ?", treatyId);
        return reads.query("select treaty_id, title, kind, parties, signed, signed_text, in_force_from, place"
                        + " from ${schema}.treaty_signing where true" + where.sql() + " order by signed, treaty_id", where.args(),
                rs -> new TreatyRow(rs.getString(1), rs.getString(2), rs.getString(3),
                        Arrays.asList((String[]) rs.getArray(4).getArray()), rs.getObject(5, LocalDate.class), rs.getString(6),
                        rs.getObject(7, LocalDate.class), rs.getString(8)));
    }

    public List<TerminationRow> terminations(List<String> treatyIds) {
        return reads.query("select treaty_id, party, terminated, terminated_text from ${schema}.treaty_termination"
                        + " where treaty_id = any(?) order by terminated", List.of((Object) treatyIds.toArray(String[]::new)),
                rs -> new TerminationRow(rs.getString(1), rs.getString(2), rs.getObject(3, LocalDate.class), rs.getString(4)));
    }

    /** Elections in the order they were held; {@code latest}: only that many of the most recent (all when null). */
    public List<ElectionRow> elections(String country, String kind, LocalDate from, LocalDate to, Integer latest) {
        ServingReads.Filters where = new ServingReads.Filters().and("country = ?", country).and("kind = ?", kind)
                .and("held >= ?", from).and("held <= ?", to);
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
                        json(rs.getString(9))));
    }

    public List<OfficeTermRow> officeTerms(String country) {
        return reads.query("select sequence, country, office, person, assumed, assumed_text from ${schema}.office_term"
                        + " where country = ? order by office, assumed, sequence", List.of(country),
                rs -> new OfficeTermRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getObject(5, LocalDate.class), rs.getString(6)));
    }

    private JsonNode json(String text) {
        try {
            return codec.mapper().readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
