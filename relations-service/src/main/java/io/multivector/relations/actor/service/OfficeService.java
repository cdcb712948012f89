package io.multivector.relations.actor.service;

import io.multivector.relations.readmodel.NameSearch;
import io.multivector.relations.readmodel.RelationsQueries;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;

/** Who held each office of a country: a term runs from its assumption until the next one (Periods.offices). */
@ApplicationScoped
public class OfficeService {

    /** @param alsoSpelled other spellings of the person that the term records (empty when none) */
    public record OfficeHolder(String office, String person, List<String> alsoSpelled, String from, String until) {
    }

    private final RelationsQueries queries;

    public OfficeService(RelationsQueries queries) {
        this.queries = queries;
    }

    /** @param person only the holders whose name or another recorded spelling it matches (null: all) */
    public List<OfficeHolder> holders(String country, LocalDate asOf, NameSearch person, Instant knownAt) {
        // A country holds a handful of offices on a date, so the search runs on the answer, not in SQL.
        return queries.officesOn(country, asOf, knownAt).stream()
                .filter(h -> person == null || person.matchesAny(Stream.concat(Stream.of(h.person()), h.alsoSpelled().stream()).toList()))
                .map(h -> new OfficeHolder(h.office(), h.person(), h.alsoSpelled(), h.assumedText(), h.untilText())).toList();
    }
}
