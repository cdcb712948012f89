package io.multivector.relations.actor.service;

import io.multivector.events.reference.Bloc;
import io.multivector.relations.dyad.service.Weights;
import io.multivector.projection.readmodel.PeriodCover;
import io.multivector.relations.readmodel.RelationsQueries;
import io.multivector.platform.rest.QueryParameters;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How an actor's positive relations split across blocs over a window: the undecayed positive weight
 * of its events with each counterpart, divided by the counterpart's bloc shares (reference data, applied
 * when projecting).
 * Entropy is normalised by ln(number of blocs), so 1 means evenly balanced across all of them.
 */
@ApplicationScoped
public class BalanceService {

    public record YearShares(int year, Map<String, Double> shares) {
    }

    public record Balance(String actor, String from, String to, Instant knownAt, Map<String, Double> shares, double entropy,
                          String dominant, List<YearShares> series) {
    }

    private final RelationsQueries queries;

    public BalanceService(RelationsQueries queries) {
        this.queries = queries;
    }

    /**
     * From the actor's running totals by bloc: a few rows per whole year, month or day of the window; as known at a
     * time ({@code knownAt} not null), from the contributions of the actor's events known then.
     */
    public Balance balance(String actor, LocalDate from, LocalDate to, Instant knownAt) {
        Map<Bloc, Double> total = new EnumMap<>(Bloc.class);
        Map<Integer, Map<Bloc, Double>> byYear = new TreeMap<>();
        for (RelationsQueries.BlocYear t : queries.balance(actor, PeriodCover.of(from, to), knownAt)) {
            Bloc bloc = Bloc.ofWireName(t.bloc());
            double w = t.weight().doubleValue();
            total.merge(bloc, w, Double::sum);
            byYear.computeIfAbsent(t.year(), y -> new EnumMap<>(Bloc.class)).merge(bloc, w, Double::sum);
        }
        Map<String, Double> shares = shares(total);
        List<YearShares> series = new ArrayList<>();
        byYear.forEach((y, m) -> series.add(new YearShares(y, shares(m))));
        String dominant = total.entrySet().stream().max(Map.Entry.comparingByValue()).map(e -> e.getKey().wireName()).orElse(null);
        return new Balance(actor, from.toString(), to.toString(), QueryParameters.knownAtUsed(knownAt), shares, Weights.round(entropy(total)), dominant, series);
    }

    private static Map<String, Double> shares(Map<Bloc, Double> weightByBloc) {
        double sum = weightByBloc.values().stream().mapToDouble(Double::doubleValue).sum();
        Map<String, Double> out = new LinkedHashMap<>();
        weightByBloc.forEach((b, w) -> out.put(b.wireName(), Weights.round(w / sum)));
        return out;
    }

    static double entropy(Map<Bloc, Double> weightByBloc) {
        double sum = weightByBloc.values().stream().mapToDouble(Double::doubleValue).sum();
        if (sum <= 0) {
            return 0;
        }
        double h = 0;
        for (double w : weightByBloc.values()) {
            double p = w / sum;
            if (p > 0) {
                h -= p * Math.log(p);
            }
        }
        return h / Math.log(Bloc.values().length);
    }
}
