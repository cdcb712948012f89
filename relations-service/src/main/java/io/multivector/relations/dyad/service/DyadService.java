package io.multivector.relations.dyad.service;

import com.fasterxml.jackson.databind.util.RawValue;
import io.multivector.relations.actor.service.MembershipService;
import io.multivector.relations.config.RelationsConfig;
import io.multivector.relations.readmodel.EpochScale;
import io.multivector.relations.readmodel.RelationsQueries;
import io.multivector.relations.readmodel.TreatyInForce;
import io.multivector.platform.rest.QueryParameters;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** Decayed scores of dyads, partner rankings and series. */
@ApplicationScoped
public class DyadService {

    public record Partner(String partner, double score) {
    }

    public record Dyad(String a, String b, LocalDate asOf, Instant knownAt, int halfLifeDays, double score, double cooperation, double conflict,
                       Map<String, Long> counts,
                       @Schema(type = SchemaType.ARRAY, implementation = TreatyInForce.class,
                               description = "treaties binding both on asOf, in the order they were signed") RawValue treatiesInForce,
                       List<String> sharedMemberships,
                       @Schema(type = SchemaType.ARRAY, description = "the latest events of the pair up to asOf, newest first,"
                               + " each a stored event (CloudEvents JSON)") List<RawValue> recent) {
    }

    public record SeriesPoint(String period, double score, double cooperation, double conflict, long count) {
    }

    public enum Granularity { month, year }

    private final RelationsQueries queries;
    private final Weights weights;
    private final MembershipService memberships;
    private final RelationsConfig config;

    public DyadService(RelationsQueries queries, Weights weights, MembershipService memberships, RelationsConfig config) {
        this.queries = queries;
        this.weights = weights;
        this.memberships = memberships;
        this.config = config;
    }

    /** Partners of {@code actor}, highest decayed score first, from its running totals with each. */
    public List<Partner> partners(String actor, LocalDate asOf, int limit, Instant knownAt) {
        EpochScale scale = weights.scale();
        return queries.partnerTotals(actor, asOf, knownAt).stream()
                .map(t -> new Partner(t.partner(), Weights.round(scale.decayed(t.score(), asOf))))
                .sorted(Comparator.comparingDouble(Partner::score).reversed().thenComparing(Partner::partner))
                .limit(limit).toList();
    }

    /**
     * @param halfLife days; the configured default ({@code multivector.relations.half-life-days}) when null. At the
     *                 default the score is read from the pair's running totals; at another half-life it is summed
     *                 from the pair's days (one row per day with events), since the totals are scaled to the default.
     */
    public Dyad dyad(String a, String b, LocalDate asOf, Integer halfLife, Instant knownAt) {
        return queries.onOneConnection(() -> answer(a, b, asOf, halfLife, knownAt));
    }

    private Dyad answer(String a, String b, LocalDate asOf, Integer halfLife, Instant knownAt) {
        int halfLifeDays = halfLife == null ? weights.defaultHalfLife() : halfLife;
        EpochScale scale = weights.scale();
        RelationsQueries.PairTotal total = queries.pairTotal(a, b, asOf, knownAt);
        double cooperation = scale.decayed(total.cooperation(), asOf);
        double conflict = scale.decayed(total.conflict(), asOf);
        if (halfLifeDays != scale.halfLifeDays()) {
            cooperation = 0;
            conflict = 0;
            for (RelationsQueries.PeriodTotal day : queries.dyadPeriods(a, b, "D", asOf, knownAt)) {
                // a day's sum undecayed (decayed to its own day), then decayed at the asked half-life
                double factor = Math.pow(2, -(double) ChronoUnit.DAYS.between(day.period(), asOf) / halfLifeDays);
                cooperation += scale.decayed(day.cooperation(), day.period()) * factor;
                conflict += scale.decayed(day.conflict(), day.period()) * factor;
            }
        }
        String first = a.compareTo(b) <= 0 ? a : b;
        String second = first.equals(a) ? b : a;
        return new Dyad(first, second, asOf, QueryParameters.knownAtUsed(knownAt), halfLifeDays, Weights.round(cooperation + conflict),
                Weights.round(cooperation), Weights.round(conflict), total.counts(), queries.treatiesInForce(a, b, asOf, knownAt),
                memberships.shared(a, b, asOf, knownAt), queries.recentEvents(a, b, asOf, config.recentEvents(), knownAt));
    }

    /**
     * The score at the end of each period from {@code from} to {@code to}, and the events inside it: prefix sums
     * over the pair's running totals of that grain, one row per period with events.
     */
    public List<SeriesPoint> series(String a, String b, LocalDate from, LocalDate to, Granularity granularity, Instant knownAt) {
        boolean years = granularity == Granularity.year;
        EpochScale scale = weights.scale();
        List<RelationsQueries.PeriodTotal> totals = queries.dyadPeriods(a, b, years ? "Y" : "M", to, knownAt);
        List<SeriesPoint> out = new ArrayList<>();
        BigDecimal cooperation = BigDecimal.ZERO;
        BigDecimal conflict = BigDecimal.ZERO;
        long events = 0;
        int next = 0;
        LocalDate start = years ? LocalDate.of(from.getYear(), 1, 1) : from.withDayOfMonth(1);
        for (LocalDate p = start; !p.isAfter(to); p = years ? p.plusYears(1) : p.plusMonths(1)) {
            LocalDate end = years ? p.withMonth(12).withDayOfMonth(31) : YearMonth.from(p).atEndOfMonth();
            long before = events; // events before this period: so far, and in rows before it not yet added
            while (next < totals.size() && !totals.get(next).period().isAfter(p)) {
                RelationsQueries.PeriodTotal t = totals.get(next++);
                if (t.period().isBefore(p)) {
                    before += t.events();
                }
                cooperation = cooperation.add(t.cooperation());
                conflict = conflict.add(t.conflict());
                events += t.events();
            }
            if (end.isAfter(to)) {
                // the last period ends after `to`: only what happened up to `to` counts, as of the period's end
                RelationsQueries.PairTotal upTo = queries.pairTotal(a, b, to, knownAt);
                cooperation = upTo.cooperation();
                conflict = upTo.conflict();
                events = upTo.events();
            }
            double c = scale.decayed(cooperation, end);
            double k = scale.decayed(conflict, end);
            String label = years ? Integer.toString(p.getYear()) : YearMonth.from(p).toString();
            out.add(new SeriesPoint(label, Weights.round(c + k), Weights.round(c), Weights.round(k), events - before));
        }
        return out;
    }
}
