package io.multivector.relations.dyad.service;

import io.multivector.relations.config.RelationsConfig;
import io.multivector.relations.readmodel.EpochScale;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;

/** The configured weight of each kind of contribution and the half-life it decays with (DESIGN §4). */
@ApplicationScoped
public class Weights {

    private final RelationsConfig config;

    public Weights(RelationsConfig config) {
        this.config = config;
    }

    /** The weight of one contribution with this key (an event type, or {@code statement.made.<stance>}). */
    public BigDecimal of(String weightKey) {
        BigDecimal w = config.weights().get(weightKey);
        if (w == null) {
            throw new IllegalStateException("no weight configured for " + weightKey + " (multivector.relations.weights)");
        }
        return w;
    }

    public int defaultHalfLife() {
        return config.halfLifeDays();
    }

    /** The scale of the configured half-life, which the running totals are kept at. */
    public EpochScale scale() {
        return new EpochScale(config.halfLifeDays());
    }

    /** Answers carry four decimals: enough to compare, stable to print. */
    public static double round(double d) {
        return Math.round(d * 10_000d) / 10_000d;
    }
}
