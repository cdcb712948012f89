package io.multivector.relations.record.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.multivector.relations.readmodel.NameSearch;
import io.multivector.relations.readmodel.RelationsQueries;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** Elections with their published results. */
@ApplicationScoped
public class ElectionService {

    public record Election(String country, String kind, String body, String heldOn, Boolean early, BigDecimal turnoutPct,
                           JsonNode results) {
    }

    private final RelationsQueries queries;

    public ElectionService(RelationsQueries queries) {
        this.queries = queries;
    }

    /**
     * @param person only elections with a result whose name or another recorded spelling it matches (null: all)
     * @param latest only this many of the most recent (all when null)
     */
    public List<Election> elections(String country, String kind, LocalDate from, LocalDate to, NameSearch person, Integer latest,
                                    Instant knownAt) {
        return queries.elections(country, kind, from, to, person, latest, knownAt).stream()
                .map(e -> new Election(e.country(), e.kind(), e.body(), e.heldText(), e.early(), e.turnoutPct(), e.results()))
                .toList();
    }
}
