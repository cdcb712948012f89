package io.multivector.relations.actor.service;

import io.multivector.relations.readmodel.RelationsQueries;
import io.multivector.relations.readmodel.RelationsQueries.OfficeTermRow;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** Who held each office of a country: a term runs from its assumption until the next one. */
@ApplicationScoped
public class OfficeService {

    public record OfficeHolder(String office, String person, String from, String until) {
    }

    private final RelationsQueries queries;

    public OfficeService(RelationsQueries queries) {
        this.queries = queries;
    }

    public List<OfficeHolder> holders(String country, LocalDate asOf) {
        List<OfficeTermRow> terms = queries.officeTerms(country);
        List<OfficeHolder> out = new ArrayList<>();
        for (int i = 0; i < terms.size(); i++) {
            OfficeTermRow t = terms.get(i);
            OfficeTermRow next = i + 1 < terms.size() && terms.get(i + 1).office().equals(t.office()) ? terms.get(i + 1) : null;
            boolean started = !t.assumed().isAfter(asOf);
            boolean ended = next != null && !next.assumed().isAfter(asOf);
            if (started && !ended) {
                out.add(new OfficeHolder(t.office(), t.person(), t.assumedText(), next == null ? null : next.assumedText()));
            }
        }
        return out;
    }
}
