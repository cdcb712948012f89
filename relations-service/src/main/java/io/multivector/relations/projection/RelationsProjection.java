package io.multivector.relations.projection;

import io.multivector.events.Event;
import io.multivector.events.EventCodec;
import io.multivector.events.PartialDate;
import io.multivector.events.Topic;
import io.multivector.events.catalogue.AidProvided;
import io.multivector.events.catalogue.CatalogueRules;
import io.multivector.events.catalogue.CooperationReported;
import io.multivector.events.catalogue.ElectionHeld;
import io.multivector.events.catalogue.EventRetracted;
import io.multivector.events.catalogue.ExerciseHeld;
import io.multivector.events.catalogue.ExportShareReported;
import io.multivector.events.catalogue.InteractionCoded;
import io.multivector.events.catalogue.MediationHosted;
import io.multivector.events.catalogue.MembershipJoined;
import io.multivector.events.catalogue.MembershipLeft;
import io.multivector.events.catalogue.OfficeAssumed;
import io.multivector.events.catalogue.RouteRegistered;
import io.multivector.events.catalogue.RouteStatusChanged;
import io.multivector.events.catalogue.SanctionsImposed;
import io.multivector.events.catalogue.SanctionsLifted;
import io.multivector.events.catalogue.ShipmentDelivered;
import io.multivector.events.catalogue.StatementMade;
import io.multivector.events.catalogue.SummitHeld;
import io.multivector.events.catalogue.TradeReported;
import io.multivector.events.catalogue.TreatySigned;
import io.multivector.events.catalogue.TreatyTerminated;
import io.multivector.events.catalogue.VisitMade;
import io.multivector.projection.runtime.AnswerReach;
import io.multivector.projection.runtime.Projection;
import io.multivector.projection.runtime.KeyedDerivation;
import io.multivector.projection.runtime.Row;
import io.multivector.projection.runtime.Grain;
import io.multivector.projection.runtime.RunningTotals;
import io.multivector.events.reference.ReferenceData;
import io.multivector.relations.dyad.service.Weights;
import io.multivector.relations.readmodel.TreatyInForce;
import io.multivector.relations.readmodel.EpochScale;
import io.multivector.relations.readmodel.NameSearch;
import io.multivector.relations.readmodel.Periods;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The relations read model, from the diplomacy, politics and security topics: dyadic
 * contributions with their weights, memberships, treaties, elections, office terms, and an event log;
 * and the running totals of pairs (read by pair and by partner) and blocs folded from the contributions.
 */
@ApplicationScoped
public class RelationsProjection implements Projection {

    public static final String NAME = "relations";
    static final List<String> TABLES = List.of("dyad_event", "event_log", "pair_timeline", "membership_change", "treaty_signing",
            "treaty_pair", "treaty_termination", "election", "office_term");

    /**
     * The dyadic contributions of the events {@code ${events}}: their own rows, and for a treaty's termination,
     * one per pair of its signing's parties (with the withdrawing party, if one) - joined when either the
     * termination or the signing is applied or retracted, and counted once when both are in one batch.
     */
    private static final String PAIRS = """
            select a, b, type, occurred, weight, scaled from ${schema}.dyad_event where event_id in ${events}
            union all
            select a, b, 'treaty.terminated', occurred, weight, scaled from (
                select t.event_id, s.event_id as signing, p1.p as a, p2.p as b, t.terminated as occurred, t.weight, t.scaled
                  from ${schema}.treaty_termination t join ${schema}.treaty_signing s on s.treaty_id = t.treaty_id
                 cross join lateral (select distinct unnest(s.parties) as p) p1
                 cross join lateral (select distinct unnest(s.parties) as p) p2
                 where p1.p < p2.p and (t.party is null or t.party in (p1.p, p2.p)) and t.event_id in ${events}
                union
                select t.event_id, s.event_id, p1.p, p2.p, t.terminated, t.weight, t.scaled
                  from ${schema}.treaty_termination t join ${schema}.treaty_signing s on s.treaty_id = t.treaty_id
                 cross join lateral (select distinct unnest(s.parties) as p) p1
                 cross join lateral (select distinct unnest(s.parties) as p) p2
                 where p1.p < p2.p and (t.party is null or t.party in (p1.p, p2.p)) and s.event_id in ${events}) terminations""";

    /** The factor of a coded interaction's Goldstein value: {@code multivector.relations.weights.interaction-coded}. */
    static final String INTERACTION_FACTOR = "interaction-coded";

    /** The types of the dyadic contributions, which a pair's running totals count one by one ({@link #countColumn}). */
    public static final List<String> PAIR_TYPES = List.of("aid.provided", "cooperation.reported", "exercise.held",
            "interaction.coded", "mediation.hosted", "membership.joined", "sanctions.imposed", "sanctions.lifted", "statement.made",
            "summit.held", "treaty.signed", "treaty.terminated", "visit.made");

    /** The column of {@code pair_total} that counts the contributions of a type. */
    private static String countColumn(String type) {
        return "n_" + type.replace('.', '_');
    }

    /** {@code pair_total}'s count columns, in the order of {@link #PAIR_TYPES}. */
    public static final List<String> COUNT_COLUMNS = PAIR_TYPES.stream().map(RelationsProjection::countColumn).toList();

    /** {@code pair_total}'s sums: events, cooperation, conflict, then {@link #COUNT_COLUMNS}. */
    public static final List<String> PAIR_SUMS = Stream.concat(Stream.of("events", "cooperation", "conflict"), COUNT_COLUMNS.stream()).toList();

    private final EventCodec codec;
    private final Weights weights;
    private final EpochScale scale;
    private final String ddl;
    private final String readIndexDdl;
    private final List<RunningTotals> totals;

    public RelationsProjection(EventCodec codec, Weights weights, ReferenceData reference) {
        this.codec = codec;
        this.weights = weights;
        this.scale = weights.scale();
        this.totals = List.of(
                new RunningTotals("pair_total", List.of("a", "b", "grain", "period"), PAIR_SUMS,
                        "select c.a, c.b, c.occurred as day, 1 as events,"
                                + " case when c.weight > 0 then c.scaled else 0 end as cooperation,"
                                + " case when c.weight < 0 then c.scaled else 0 end as conflict, "
                                + PAIR_TYPES.stream().map(t -> "(c.type = '" + t + "')::int as " + countColumn(t)).collect(Collectors.joining(", "))
                                + " from (" + PAIRS + ") c", EnumSet.allOf(Grain.class)),
                new RunningTotals("balance_total", List.of("actor", "grain", "period", "bloc"), List.of("weight"),
                        "select x.actor, coalesce(r.bloc, 'other') as bloc, c.occurred as day, c.weight * coalesce(r.share, 1) as weight"
                                + " from (" + PAIRS + ") c cross join lateral (values (c.a, c.b), (c.b, c.a)) x(actor, partner)"
                                + " left join " + blocShares(reference) + " on r.actor = x.partner where c.weight > 0",
                        EnumSet.of(Grain.Y, Grain.M, Grain.D)));
        this.ddl = Projection.resource(getClass(), "projection/relations.sql").replace("${typeCounts}",
                COUNT_COLUMNS.stream().map(c -> c + " bigint not null,").collect(Collectors.joining("\n    ")));
        this.readIndexDdl = Projection.resource(getClass(), "projection/relations-read-indexes.sql");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Topic> topics() {
        return List.of(Topic.DIPLOMACY, Topic.POLITICS, Topic.SECURITY, Topic.CODED);
    }

    @Override
    public String contentDdl() {
        return ddl;
    }

    @Override
    public String readIndexDdl() {
        return readIndexDdl;
    }

    @Override
    public List<String> contentTables() {
        return TABLES;
    }

    @Override
    public List<RunningTotals> totals() {
        return totals;
    }

    private static final List<KeyedDerivation> DERIVATIONS = List.of(
            new KeyedDerivation("membership_period", List.of("member", "organization", "role"), "membership_change",
                    "occurred, sequence", Periods::memberships),
            new KeyedDerivation("office_holding", List.of("country", "office"), "office_term", "assumed, sequence", Periods::offices),
            new KeyedDerivation("treaty_in_force", List.of("treaty_id"), List.of("treaty_signing", "treaty_termination"),
                    "select s.treaty_id, s.event_id as signing, s.parties, s.title, s.signed, s.signed_text, s.in_force_from, t.party,"
                            + " t.terminated from ${schema}.treaty_signing s"
                            + " left join ${schema}.treaty_termination t on t.treaty_id = s.treaty_id",
                    "signing, terminated", Periods::treaties));

    @Override
    public List<KeyedDerivation> derivations() {
        return DERIVATIONS;
    }

    /** The reference data's bloc shares as a relation {@code r(actor, bloc, share)}; an actor in none is 'other'. */
    private static String blocShares(ReferenceData reference) {
        String rows = reference.curated().stream().flatMap(a -> a.blocs().entrySet().stream()
                        .map(b -> "('" + a.code() + "', '" + b.getKey().wireName() + "', "
                                + BigDecimal.valueOf(b.getValue()).toPlainString() + "::numeric)"))
                .sorted().collect(Collectors.joining(", "));
        return "(values " + (rows.isEmpty() ? "(null::text, null::text, null::numeric)" : rows) + ") r(actor, bloc, share)";
    }

    /** An event not read from a topic: its envelope as the codec writes it. */
    @Override
    public List<Row> apply(Event e) {
        return apply(e, codec.encode(e));
    }

    /** The event log keeps the envelope as the store published it, not encoded again from the decoded event. */
    @Override
    public List<Row> apply(Event e, byte[] published) {
        List<Row> rows = new ArrayList<>();
        rows.add(Row.of("event_log").with("sequence", e.sequence()).with("type", e.type().typeName())
                .with("occurred", e.data().occurredOn().firstDay())
                .with("envelope", new Row.Json(new String(published, StandardCharsets.UTF_8))));
        sortedPairs(CatalogueRules.actorsOf(e.data()), (a, b) -> rows.add(Row.of("pair_timeline").with("a", a).with("b", b)
                .with("occurred", e.data().occurredOn().firstDay()).with("sequence", e.sequence())));
        PartialDate on = e.data().occurredOn();
        switch (e.data()) {
            case TreatySigned t -> {
                pairs(rows, e, t.parties(), "treaty.signed", 1);
                rows.add(Row.of("treaty_signing").with("treaty_id", t.treatyId()).with("title", t.title())
                        .with("kind", t.kind().wireName()).with("parties", t.parties().toArray(String[]::new))
                        .with("signed", on.firstDay()).with("signed_text", on.toString())
                        .with("in_force_from", t.inForceFrom() == null ? null : t.inForceFrom().firstDay()).with("place", t.place()));
                String listed = new TreatyInForce(t.treatyId(), t.title(), on.toString()).listed();
                sortedPairs(t.parties(), (a, b) -> rows.add(Row.of("treaty_pair").with("a", a).with("b", b).with("treaty_id", t.treatyId())
                        .with("signed", on.firstDay()).with("in_force_from", t.inForceFrom() == null ? null : t.inForceFrom().firstDay())
                        .with("listed", listed)));
            }
            case TreatyTerminated t -> {
                BigDecimal w = weights.of("treaty.terminated");
                rows.add(Row.of("treaty_termination").with("treaty_id", t.treatyId()).with("party", t.party())
                        .with("terminated", on.firstDay()).with("terminated_text", on.toString()).with("reason", t.reason())
                        .with("weight", w).with("scaled", scale.scaled(w, on.firstDay())));
            }
            case MembershipJoined m -> {
                pair(rows, e, m.member(), m.organization(), "membership.joined", 1);
                rows.add(membership(e, m.member(), m.organization(), m.role().wireName(), true, m.until()));
            }
            case MembershipLeft m -> rows.add(membership(e, m.member(), m.organization(), m.role().wireName(), false, null));
            case VisitMade v -> pair(rows, e, v.visitorActor(), v.host(), "visit.made", 1);
            case SummitHeld s -> pairs(rows, e, with(s.host(), s.participants()), "summit.held", 1);
            case MediationHosted m -> new LinkedHashSet<>(m.parties()).forEach(p -> pair(rows, e, m.host(), p, "mediation.hosted", 1));
            case StatementMade s -> pair(rows, e, s.speaker(), s.target(), "statement.made." + s.stance().wireName(), 1);
            case SanctionsImposed s -> pair(rows, e, s.imposer(), s.target(), "sanctions.imposed", 1);
            case SanctionsLifted s -> pair(rows, e, s.imposer(), s.target(), "sanctions.lifted", 1);
            case AidProvided a -> pair(rows, e, a.donor(), a.recipient(), "aid.provided", 1);
            case ElectionHeld el -> rows.add(Row.of("election").with("country", el.country()).with("kind", el.kind().wireName())
                    .with("body", el.body()).with("held", on.firstDay()).with("held_text", on.toString()).with("early", el.early())
                    .with("turnout_pct", el.turnoutPct())
                    .with("results", new Row.Json(codec.mapper().valueToTree(el.results()).toString()))
                    .with("result_names", resultNames(el)));
            case OfficeAssumed o -> rows.add(Row.of("office_term").with("sequence", e.sequence()).with("country", o.country())
                    .with("office", o.office()).with("person", o.person())
                    .with("person_also_spelled", o.personAlsoSpelled() == null ? null : o.personAlsoSpelled().toArray(String[]::new))
                    .with("assumed", on.firstDay()).with("assumed_text", on.toString()).with("predecessor", o.predecessor()));
            case ExerciseHeld x -> pairs(rows, e, x.participants(), "exercise.held", x.count() == null ? 1 : x.count());
            case CooperationReported c -> pairs(rows, e, c.actors(), "cooperation.reported", 1);
            // A coded interaction weighs what its coder gave it, scaled by one configured factor.
            case InteractionCoded i -> pair(rows, e, i.actor1(), i.actor2(), i.goldstein().multiply(weights.of(INTERACTION_FACTOR)));
            // Trade events and retractions (handled by the runtime) add nothing here beyond the log.
            case RouteRegistered r -> { }
            case RouteStatusChanged r -> { }
            case ShipmentDelivered s -> { }
            case TradeReported t -> { }
            case ExportShareReported x -> { }
            case EventRetracted r -> { }
        }
        return rows;
    }

    /**
     * Every answer about actors (dyads, partners, balances, a country's part of its profile) reads only rows of events
     * that name its actors, or rows derived from those (periods of a member, an office, a treaty's parties). A
     * termination reaches the pairs of its treaty's parties, which it does not name; a retraction, what its event reached
     * ({@link #reachOfApplied}), which the runtime asks for.
     */
    @Override
    public AnswerReach reach(Event e) {
        return switch (e.data()) {
            case TreatyTerminated t -> AnswerReach.EVERY_ANSWER;
            case EventRetracted r -> AnswerReach.EVERY_ANSWER;
            case TreatySigned t -> named(e);
            case MembershipJoined m -> named(e);
            case MembershipLeft m -> named(e);
            case VisitMade v -> named(e);
            case SummitHeld s -> named(e);
            case MediationHosted m -> named(e);
            case StatementMade s -> named(e);
            case SanctionsImposed s -> named(e);
            case SanctionsLifted s -> named(e);
            case AidProvided a -> named(e);
            case ElectionHeld el -> named(e);
            case OfficeAssumed o -> named(e);
            case ExerciseHeld x -> named(e);
            case CooperationReported c -> named(e);
            case InteractionCoded i -> named(e);
            case RouteRegistered r -> named(e);
            case RouteStatusChanged r -> named(e);
            case ShipmentDelivered s -> named(e);
            case TradeReported t -> named(e);
            case ExportShareReported x -> named(e);
        };
    }

    /** What retracting these events reaches: what each reached when applied, read back from its envelope in the event log. */
    @Override
    public AnswerReach reachOfApplied(Connection c, String schema, Set<UUID> ids) throws SQLException {
        AnswerReach reach = AnswerReach.NONE;
        try (PreparedStatement ps = c.prepareStatement("select envelope::text from %s.event_log where event_id = any(?)".formatted(schema))) {
            ps.setArray(1, c.createArrayOf("uuid", ids.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next() && !reach.everyAnswer()) {
                    reach = reach.and(reach(codec.decodeStored(rs.getString(1).getBytes(StandardCharsets.UTF_8))));
                }
            }
        }
        return reach;
    }

    private static AnswerReach named(Event e) {
        return AnswerReach.actors(CatalogueRules.actorsOf(e.data()));
    }

    /** Every name of every result, recorded and other spellings, folded (NameSearch) so a search by name runs in SQL. */
    private static String[] resultNames(ElectionHeld el) {
        return el.results().stream()
                .flatMap(r -> Stream.concat(Stream.of(r.name()), r.alsoSpelled() == null ? Stream.empty() : r.alsoSpelled().stream()))
                .map(NameSearch::fold).distinct().toArray(String[]::new);
    }

    private static Row membership(Event e, String member, String org, String role, boolean joined, PartialDate until) {
        PartialDate on = e.data().occurredOn();
        return Row.of("membership_change").with("sequence", e.sequence()).with("member", member).with("organization", org)
                .with("role", role).with("joined", joined).with("occurred", on.firstDay()).with("occurred_text", on.toString())
                .with("until", until == null ? null : until.lastDay()).with("until_text", until == null ? null : until.toString());
    }

    /** Each pair of the distinct {@code actors} once, as (a, b) with a &lt; b, in order. */
    public static void sortedPairs(Collection<String> actors, BiConsumer<String, String> pair) {
        List<String> sorted = new ArrayList<>(new TreeSet<>(actors));
        for (int i = 0; i < sorted.size(); i++) {
            for (int j = i + 1; j < sorted.size(); j++) {
                pair.accept(sorted.get(i), sorted.get(j));
            }
        }
    }

    /** Every unordered pair of distinct actors. */
    private void pairs(List<Row> rows, Event e, List<String> actors, String weightKey, int multiplier) {
        List<String> distinct = new ArrayList<>(new LinkedHashSet<>(actors));
        for (int i = 0; i < distinct.size(); i++) {
            for (int j = i + 1; j < distinct.size(); j++) {
                pair(rows, e, distinct.get(i), distinct.get(j), weightKey, multiplier);
            }
        }
    }

    private void pair(List<Row> rows, Event e, String x, String y, String weightKey, int multiplier) {
        pair(rows, e, x, y, weights.of(weightKey).multiply(BigDecimal.valueOf(multiplier)));
    }

    private void pair(List<Row> rows, Event e, String x, String y, BigDecimal weight) {
        if (x.equals(y)) {
            return;
        }
        String a = x.compareTo(y) < 0 ? x : y;
        String b = x.compareTo(y) < 0 ? y : x;
        if (!PAIR_TYPES.contains(e.type().typeName())) {
            throw new IllegalStateException(e.type().typeName() + " weighs between a pair: count it in PAIR_TYPES");
        }
        LocalDate on = e.data().occurredOn().firstDay();
        rows.add(Row.of("dyad_event").with("a", a).with("b", b).with("occurred", on)
                .with("type", e.type().typeName()).with("weight", weight).with("scaled", scale.scaled(weight, on)));
    }

    private static List<String> with(String first, List<String> rest) {
        List<String> all = new ArrayList<>(rest.size() + 1);
        all.add(first);
        all.addAll(rest);
        return all;
    }
}
