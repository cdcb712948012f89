package io.multivector.relations.record.service;

import io.multivector.relations.readmodel.RelationsQueries;
import io.multivector.relations.readmodel.RelationsQueries.TerminationRow;
import io.multivector.relations.readmodel.RelationsQueries.TreatyRow;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.multivector.platform.rest.QueryParameters;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Treaties with their parties, signing and termination. */
@ApplicationScoped
public class TreatyService {

    public record Treaty(String treatyId, String title, String kind, List<String> parties, String signedOn, String inForceFrom,
                         String place, String terminatedOn, List<Withdrawal> withdrawals,
                         @JsonInclude(JsonInclude.Include.NON_NULL)
                         @Schema(description = "one treaty's answer only: the recorded time it is as known at") Instant knownAt) {

        /** This treaty as the answer for itself, which says what it is known at. */
        public Treaty answeredAt(Instant knownAt) {
            return new Treaty(treatyId, title, kind, parties, signedOn, inForceFrom, place, terminatedOn, withdrawals,
                    QueryParameters.knownAtUsed(knownAt));
        }
    }

    public record Withdrawal(String party, String on) {
    }

    private final RelationsQueries queries;

    public TreatyService(RelationsQueries queries) {
        this.queries = queries;
    }

    /** Treaties a party signed (all when null), signed on or before {@code asOf} when given. */
    public List<Treaty> treaties(String party, LocalDate asOf, Instant knownAt) {
        List<TreatyRow> rows = queries.treaties(party == null ? List.of() : List.of(party), null, knownAt).stream()
                .filter(t -> asOf == null || !t.signed().isAfter(asOf)).toList();
        return withTerminations(rows, knownAt);
    }

    public Optional<Treaty> treaty(String treatyId, Instant knownAt) {
        return withTerminations(queries.treaties(List.of(), treatyId, knownAt), knownAt).stream().findFirst()
                .map(t -> t.answeredAt(knownAt));
    }

    private List<Treaty> withTerminations(List<TreatyRow> rows, Instant knownAt) {
        Map<String, List<TerminationRow>> ends = terminations(rows, knownAt);
        return rows.stream().map(t -> {
            List<TerminationRow> e = ends.getOrDefault(t.treatyId(), List.of());
            String whole = e.stream().filter(x -> x.party() == null).map(TerminationRow::terminatedText).findFirst().orElse(null);
            List<Withdrawal> withdrawals = e.stream().filter(x -> x.party() != null)
                    .map(x -> new Withdrawal(x.party(), x.terminatedText())).toList();
            return new Treaty(t.treatyId(), t.title(), t.kind(), t.parties(), t.signedText(),
                    t.inForceFrom() == null ? null : t.inForceFrom().toString(), t.place(), whole, withdrawals, null);
        }).toList();
    }

    private Map<String, List<TerminationRow>> terminations(List<TreatyRow> rows, Instant knownAt) {
        if (rows.isEmpty()) {
            return Map.of();
        }
        return queries.terminations(rows.stream().map(TreatyRow::treatyId).toList(), knownAt).stream()
                .collect(Collectors.groupingBy(TerminationRow::treatyId));
    }
}
