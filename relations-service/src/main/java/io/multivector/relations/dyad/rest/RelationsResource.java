package io.multivector.relations.dyad.rest;

import io.multivector.projection.rest.AnswerScope;
import io.multivector.events.reference.ReferenceData;
import io.multivector.platform.rest.Page;
import io.multivector.platform.rest.QueryParameters;
import io.multivector.relations.dyad.service.DyadService;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.time.LocalDate;

/** Bilateral relations as of any date. */
@Path("/relations")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "relations", description = "Decayed dyad scores, partner rankings and series, as of any date")
public class RelationsResource {

    private final DyadService dyads;
    private final ReferenceData reference;

    public RelationsResource(DyadService dyads, ReferenceData reference) {
        this.dyads = dyads;
        this.reference = reference;
    }

    @GET
    @AnswerScope("a")
    @Path("{a}")
    @Operation(operationId = "listPartners", summary = "Partners of an actor, ranked by decayed score", description = "Score as of D: Σ weight × 2^(−days/730) "
            + "over the events of each dyad up to and including D.")
    public Page<DyadService.Partner> partners(@PathParam("a") @Parameter(example = "KZ") String a,
                                              @QueryParam("asOf") String asOf, @QueryParam("limit") String limit,
                                              @QueryParam("knownAt") @Parameter(description = QueryParameters.KNOWN_AT) String knownAt) {
        QueryParameters.actor("path", "a", a, reference);
        Instant known = QueryParameters.knownAt(knownAt);
        LocalDate day = QueryParameters.asOf(asOf);
        return Page.all(dyads.partners(a, day, limit == null ? 20 : QueryParameters.limit(limit, 500), known), day, known);
    }

    @GET
    @AnswerScope({"a", "b"})
    @Path("{a}/{b}")
    @Operation(operationId = "getDyad", summary = "One dyad as of a date", description = "Decayed score, its cooperation (positive) and conflict "
            + "(negative) parts, event counts by type, treaties in force, shared memberships and the latest events.")
    public DyadService.Dyad dyad(@PathParam("a") @Parameter(example = "KZ") String a, @PathParam("b") @Parameter(example = "RU") String b,
                                 @QueryParam("asOf") String asOf,
                                 @QueryParam("halfLifeDays") @Parameter(description = "default: the configured half-life, 730 unless changed. The configured half-life is read from running"
                                         + " totals (a few rows however many events); another one is summed over the pair's days with events, so it"
                                         + " costs one row per distinct day of the pair's history") String halfLifeDaysText,
                                 @QueryParam("knownAt") @Parameter(description = QueryParameters.KNOWN_AT) String knownAt) {
        Integer halfLifeDays = QueryParameters.integer("halfLifeDays", halfLifeDaysText);
        QueryParameters.actor("path", "a", a, reference);
        QueryParameters.actor("path", "b", b, reference);
        if (a.equals(b)) {
            throw QueryParameters.invalidPath("b", "must differ from a");
        }
        if (halfLifeDays != null && (halfLifeDays < 1 || halfLifeDays > 36_500)) {
            throw QueryParameters.invalid("halfLifeDays", "must be between 1 and 36500");
        }
        return dyads.dyad(a, b, QueryParameters.asOf(asOf), halfLifeDays, QueryParameters.knownAt(knownAt));
    }

    @GET
    @AnswerScope({"a", "b"})
    @Path("{a}/{b}/series")
    @Operation(operationId = "getDyadSeries", summary = "A dyad's score at the end of each month or year", description = "count: events inside the period.")
    public Page<DyadService.SeriesPoint> series(@PathParam("a") String a, @PathParam("b") String b,
                                                @QueryParam("from") @Parameter(example = "2010") String from,
                                                @QueryParam("to") @Parameter(example = "2023") String to,
                                                @QueryParam("granularity") @Parameter(description = "month or year (default)") String granularity,
                                                @QueryParam("knownAt") @Parameter(description = QueryParameters.KNOWN_AT) String knownAt) {
        QueryParameters.actor("path", "a", a, reference);
        QueryParameters.actor("path", "b", b, reference);
        DyadService.Granularity g;
        try {
            g = granularity == null ? DyadService.Granularity.year : DyadService.Granularity.valueOf(granularity);
        } catch (IllegalArgumentException e) {
            throw QueryParameters.invalid("granularity", "must be month or year");
        }
        LocalDate end = QueryParameters.endOf("to", to);
        end = end == null ? LocalDate.now(java.time.ZoneOffset.UTC) : end;
        LocalDate start = QueryParameters.startOf("from", from);
        start = start == null ? end.minusYears(10) : start;
        QueryParameters.checkRange(start, end);
        long periods = g == DyadService.Granularity.year ? end.getYear() - start.getYear() + 1
                : java.time.temporal.ChronoUnit.MONTHS.between(start.withDayOfMonth(1), end.withDayOfMonth(1)) + 1;
        if (periods > 1200) {
            throw QueryParameters.invalid("from", "the series may have at most 1200 periods");
        }
        Instant known = QueryParameters.knownAt(knownAt);
        return Page.all(dyads.series(a, b, start, end, g, known), known);
    }
}
