package io.multivector.relations.dyad.service;

import io.multivector.relations.config.RelationsConfig;
import io.multivector.relations.readmodel.RelationsQueries.Contribution;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

/** The weight of a contribution and its decay: weight × 2^(−days / halfLife). */
@ApplicationScoped
public class Weights {

    private final RelationsConfig config;

    public Weights(RelationsConfig config) {
        this.config = config;
    }

    /** The undecayed weight (an exercise counts once per exercise it covers). */
    public double weight(Contribution c) {
        return of(c.weightKey()) * c.multiplier();
    }

    /** Every weight by key, for sums made in the database. */
    public java.util.Map<String, Double> all() {
        java.util.Map<String, Double> out = new java.util.LinkedHashMap<>();
        config.weights().forEach((k, v) -> out.put(k, v.doubleValue()));
        return out;
    }

    /** The weight of one contribution with this key and multiplier 1. */
    public double of(String weightKey) {
        var w = config.weights().get(weightKey);
        if (w == null) {
            throw new IllegalStateException("no weight configured for " + weightKey + " (multivector.relations.weights)");
        }
        return w.doubleValue();
    }

    public double decayed(Contribution c, LocalDate asOf, int halfLifeDays) {
        long days = ChronoUnit.DAYS.between(c.occurred(), asOf);
        return weight(c) * Math.pow(2, -(double) days / halfLifeDays);
    }

    public int defaultHalfLife() {
        return config.halfLifeDays();
    }

    /** Answers carry four decimals: enough to compare, stable to print. */
    public static double round(double d) {
        return Math.round(d * 10_000d) / 10_000d;
    }
}
