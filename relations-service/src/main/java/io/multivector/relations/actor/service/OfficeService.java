package io.multivector.relations.actor.service;

import io.multivector.relations.readmodel.RelationsQueries;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** Who held each office of a country: a term runs from its assumption until the next one (Periods.offices). */
@ApplicationScoped
public class OfficeService {

    public record OfficeHolder(String office, String person, String from, String until) {
    }

    private final RelationsQueries queries;

    public OfficeService(RelationsQueries queries) {
        this.queries = queries;
    }

    public List<OfficeHolder> holders(String country, LocalDate asOf, Instant knownAt) {
        return queries.officesOn(country, asOf, knownAt).stream()
                .map(h -> new OfficeHolder(h.office(), h.person(), h.assumedText(), h.untilText())).toList();
    }
}
