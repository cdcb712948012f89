package io.multivector.relations.dyad.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.multivector.relations.actor.service.MembershipService;
import io.multivector.relations.config.RelationsConfig;
import io.multivector.relations.readmodel.RelationsQueries;
import io.multivector.relations.readmodel.RelationsQueries.Contribution;
import io.multivector.relations.record.service.TreatyService;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/** Decayed scores of dyads, partner rankings and series. */
@ApplicationScoped
public class DyadService {

    public record Partner(String partner, double score) {
    }

    public record Dyad(String a, String b, LocalDate asOf, int halfLifeDays, double score, double cooperation, double conflict,
                       Map<String, Long> counts, List<TreatyService.TreatyInForce> treatiesInForce,
                       List<String> sharedMemberships, List<JsonNode> recent) {
    }

    public record SeriesPoint(String period, double score, double cooperation, double conflict, long count) {
    }

    public enum Granularity { month, year }

    private final RelationsQueries queries;
    private final Weights weights;
    private final TreatyService treaties;
    private final MembershipService memberships;
    private final RelationsConfig config;

    public DyadService(RelationsQueries queries, Weights weights, TreatyService treaties, MembershipService memberships,
                       RelationsConfig config) {
        this.queries = queries;
        this.weights = weights;
        this.treaties = treaties;
        this.memberships = memberships;
        this.config = config;
    }

    /** Partners of {@code actor}, highest decayed score first. */
    public List<Partner> partners(String actor, LocalDate asOf, int limit) {
        Map<String, Double> scores = new HashMap<>();
        for (RelationsQueries.PartnerDecayed t : queries.partnerTotalsDecayed(actor, asOf, weights.defaultHalfLife())) {
            scores.merge(t.partner(), weights.of(t.weightKey()) * t.decayedMultiplier(), Double::sum);
        }
        return scores.entrySet().stream()
                .map(e -> new Partner(e.getKey(), Weights.round(e.getValue())))
                .sorted(Comparator.comparingDouble(Partner::score).reversed().thenComparing(Partner::partner))
                .limit(limit).toList();
    }

    /** @param halfLife days; the configured default ({@code multivector.relations.half-life-days}) when null */
    public Dyad dyad(String a, String b, LocalDate asOf, Integer halfLife) {
        int halfLifeDays = halfLife == null ? weights.defaultHalfLife() : halfLife;
        double score = 0;
        double cooperation = 0;
        double conflict = 0;
        Map<String, Long> counts = new TreeMap<>();
        for (RelationsQueries.DyadTotal t : queries.dyadTotals(a, b, asOf, halfLifeDays)) {
            double d = weights.of(t.weightKey()) * t.decayedMultiplier();
            score += d;
            if (d > 0) {
                cooperation += d;
            } else {
                conflict += d;
            }
            // an event adds one row to a pair, under one weight: the counts per weight add up per type
            counts.merge(t.type(), t.events(), Long::sum);
        }
        String first = a.compareTo(b) <= 0 ? a : b;
        String second = first.equals(a) ? b : a;
        return new Dyad(first, second, asOf, halfLifeDays, Weights.round(score), Weights.round(cooperation), Weights.round(conflict),
                counts, treaties.inForce(a, b, asOf), memberships.shared(a, b, asOf),
                queries.recentEvents(List.of(a, b), asOf, config.recentEvents()));
    }

    /** The score at the end of each period from {@code from} to {@code to}, and the events inside it. */
    public List<SeriesPoint> series(String a, String b, LocalDate from, LocalDate to, Granularity granularity) {
        List<Contribution> all = queries.dyadContributions(a, b, to);
        List<SeriesPoint> out = new ArrayList<>();
        LocalDate start = granularity == Granularity.year ? LocalDate.of(from.getYear(), 1, 1) : from.withDayOfMonth(1);
        int halfLife = weights.defaultHalfLife();
        for (LocalDate p = start; !p.isAfter(to); p = granularity == Granularity.year ? p.plusYears(1) : p.plusMonths(1)) {
            LocalDate periodStart = p;
            LocalDate end = granularity == Granularity.year ? p.withMonth(12).withDayOfMonth(31) : YearMonth.from(p).atEndOfMonth();
            double score = 0;
            double cooperation = 0;
            double conflict = 0;
            Set<UUID> inPeriod = new HashSet<>();
            for (Contribution c : all) {
                if (c.occurred().isAfter(end)) {
                    continue;
                }
                double d = weights.decayed(c, end, halfLife);
                score += d;
                if (d > 0) {
                    cooperation += d;
                } else {
                    conflict += d;
                }
                if (!c.occurred().isBefore(periodStart)) {
                    inPeriod.add(c.eventId());
                }
            }
            String label = granularity == Granularity.year ? Integer.toString(p.getYear()) : YearMonth.from(p).toString();
            out.add(new SeriesPoint(label, Weights.round(score), Weights.round(cooperation), Weights.round(conflict), inPeriod.size()));
        }
        return out;
    }
}
