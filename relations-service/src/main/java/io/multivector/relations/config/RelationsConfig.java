package io.multivector.relations.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.math.BigDecimal;
import java.util.Map;

/** Weights and decay of the relations read model (DESIGN §4); applied when projecting, so a change takes effect by a rebuild. */
@ConfigMapping(prefix = "multivector.relations")
public interface RelationsConfig {

    /** Weight per contribution kind: an event type, or {@code statement.made.<stance>}. */
    Map<String, BigDecimal> weights();

    /** Default half-life of the decayed score, in days. */
    @WithDefault("730")
    int halfLifeDays();

    /** How many events {@code recent} shows beside a dyad. */
    @WithDefault("10")
    int recentEvents();
}
