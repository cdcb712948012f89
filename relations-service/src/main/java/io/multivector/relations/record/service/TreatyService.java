package io.multivector.relations.record.service;

import io.multivector.relations.readmodel.RelationsQueries;
import io.multivector.relations.readmodel.RelationsQueries.TerminationRow;
import io.multivector.relations.readmodel.RelationsQueries.TreatyRow;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Treaties with their parties, signing and termination. */
@ApplicationScoped
public class TreatyService {

    public record Treaty(String treatyId, String title, String kind, List<String> parties, String signedOn, String inForceFrom,
                         String place, String terminatedOn, List<Withdrawal> withdrawals) {
    }

    public record Withdrawal(String party, String on) {
    }

    public record TreatyInForce(String treatyId, String title, String signedOn) {
    }

    private final RelationsQueries queries;

    public TreatyService(RelationsQueries queries) {
        this.queries = queries;
    }

    /** Treaties a party signed (all when null), signed on or before {@code asOf} when given. */
    public List<Treaty> treaties(String party, LocalDate asOf) {
        List<TreatyRow> rows = queries.treaties(party == null ? List.of() : List.of(party), null).stream()
                .filter(t -> asOf == null || !t.signed().isAfter(asOf)).toList();
        return withTerminations(rows);
    }

    public Optional<Treaty> treaty(String treatyId) {
        return withTerminations(queries.treaties(List.of(), treatyId)).stream().findFirst();
    }

    /** Treaties binding both actors on that day: in force (or signed) by then, not ended for either. */
    public List<TreatyInForce> inForce(String a, String b, LocalDate asOf) {
        return queries.treatiesInForce(a, b, asOf).stream().map(t -> new TreatyInForce(t.treatyId(), t.title(), t.signedText())).toList();
    }

    private List<Treaty> withTerminations(List<TreatyRow> rows) {
        Map<String, List<TerminationRow>> ends = terminations(rows);
        return rows.stream().map(t -> {
            List<TerminationRow> e = ends.getOrDefault(t.treatyId(), List.of());
            String whole = e.stream().filter(x -> x.party() == null).map(TerminationRow::terminatedText).findFirst().orElse(null);
            List<Withdrawal> withdrawals = e.stream().filter(x -> x.party() != null)
                    .map(x -> new Withdrawal(x.party(), x.terminatedText())).toList();
            return new Treaty(t.treatyId(), t.title(), t.kind(), t.parties(), t.signedText(),
                    t.inForceFrom() == null ? null : t.inForceFrom().toString(), t.place(), whole, withdrawals);
        }).toList();
    }

    private Map<String, List<TerminationRow>> terminations(List<TreatyRow> rows) {
        if (rows.isEmpty()) {
            return Map.of();
        }
        return queries.terminations(rows.stream().map(TreatyRow::treatyId).toList()).stream()
                .collect(Collectors.groupingBy(TerminationRow::treatyId));
    }
}
