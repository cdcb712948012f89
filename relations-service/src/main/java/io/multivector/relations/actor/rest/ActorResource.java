package io.multivector.relations.actor.rest;

import io.multivector.projection.rest.AnswerScope;
import io.multivector.events.reference.Actor;
import io.multivector.events.reference.ReferenceData;
import io.multivector.platform.problem.Problem;
import io.multivector.platform.problem.ProblemException;
import io.multivector.platform.rest.Page;
import io.multivector.platform.rest.QueryParameters;
import io.multivector.relations.actor.service.BalanceService;
import io.multivector.relations.actor.service.MembershipService;
import io.multivector.relations.actor.service.OfficeService;
import io.multivector.relations.readmodel.NameSearch;
import io.multivector.relations.rest.PersonParameter;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;

/** States and organisations: who they are, what they belong to, who holds office, how they balance. */
@Path("/actors")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "actors", description = "States and organisations, their memberships, office-holders and balance between blocs")
public class ActorResource {

    /** An actor as the API shows it. */
    public record ActorView(String code, String name, String kind, Map<String, Double> blocs) {
        static ActorView of(Actor a) {
            Map<String, Double> blocs = new LinkedHashMap<>();
            a.blocs().forEach((b, s) -> blocs.put(b.wireName(), s));
            return new ActorView(a.code(), a.name(), a.kind().name(), blocs);
        }
    }

    private final ReferenceData reference;
    private final MembershipService memberships;
    private final OfficeService offices;
    private final BalanceService balance;

    public ActorResource(ReferenceData reference, MembershipService memberships, OfficeService offices, BalanceService balance) {
        this.reference = reference;
        this.memberships = memberships;
        this.offices = offices;
        this.balance = balance;
    }

    @GET
    @Operation(operationId = "listActors", summary = "Actors of the reference data", description = "Every curated state and organisation with its blocs; "
            + "any other ISO 3166 code is a known state too (GET /actors/{code}).")
    public Page<ActorView> actors() {
        return Page.all(reference.curated().stream().sorted(Comparator.comparing(Actor::code)).map(ActorView::of).toList());
    }

    @GET
    @Path("{code}")
    @Operation(operationId = "getActor", summary = "One actor")
    public ActorView actor(@PathParam("code") @Parameter(example = "KZ") String code) {
        return reference.find(code).map(ActorView::of).orElseThrow(() -> new ProblemException(
                Problem.of(Response.Status.NOT_FOUND, "not-found", "no actor has code '" + code + "'")));
    }

    @GET
    @AnswerScope("code")
    @Path("{code}/memberships")
    @Operation(operationId = "listMemberships", summary = "Organisations an actor belongs to on a date", description = "asOf: YYYY, YYYY-MM or YYYY-MM-DD "
            + "(its last day); default today. A member counts from the first day of the date it joined.")
    public Page<MembershipService.Membership> memberships(@PathParam("code") @Parameter(example = "KZ") String code,
                                                          @QueryParam("asOf") @Parameter(example = "2016-01-01") String asOf,
                                                          @QueryParam("knownAt") @Parameter(description = QueryParameters.KNOWN_AT) String knownAt) {
        QueryParameters.actor("path", "code", code, reference);
        Instant known = QueryParameters.knownAt(knownAt);
        LocalDate day = QueryParameters.asOf(asOf);
        return Page.all(memberships.membershipsOf(code, day, known), day, known);
    }

    @GET
    @AnswerScope("code")
    @Path("{code}/officeholders")
    @Operation(operationId = "listOfficeHolders", summary = "Who held each office of a country on a date",
            description = "`person` keeps only the holders it names, by the name recorded or any other spelling recorded for it.")
    public Page<OfficeService.OfficeHolder> officeholders(@PathParam("code") @Parameter(example = "KZ") String code,
                                                          @QueryParam("asOf") String asOf,
                                                          @QueryParam("person") @Parameter(description = PersonParameter.DESCRIPTION,
                                                                  example = "Masimov") String person,
                                                          @QueryParam("knownAt") @Parameter(description = QueryParameters.KNOWN_AT) String knownAt) {
        QueryParameters.actor("path", "code", code, reference);
        NameSearch search = PersonParameter.parse(person);
        Instant known = QueryParameters.knownAt(knownAt);
        LocalDate day = QueryParameters.asOf(asOf);
        return Page.all(offices.holders(code, day, search, known), day, known);
    }

    @GET
    @AnswerScope("code")
    @Path("{code}/balance")
    @Operation(operationId = "getBalance", summary = "How an actor's relations split across blocs", description = "Positive (undecayed) weight of its events "
            + "inside the window with each counterpart, split by the counterpart's blocs: shares, normalised Shannon entropy "
            + "(1 = evenly balanced across all blocs), dominant bloc, and a yearly series.")
    public BalanceService.Balance balance(@PathParam("code") @Parameter(example = "KZ") String code,
                                          @QueryParam("from") @Parameter(example = "2010") String from,
                                          @QueryParam("to") @Parameter(example = "2023") String to,
                                          @QueryParam("knownAt") @Parameter(description = QueryParameters.KNOWN_AT) String knownAt) {
        QueryParameters.actor("path", "code", code, reference);
        LocalDate start = QueryParameters.startOf("from", from);
        LocalDate end = QueryParameters.endOf("to", to);
        LocalDate resolvedEnd = end == null ? LocalDate.now(java.time.ZoneOffset.UTC) : end;
        LocalDate resolvedStart = start == null ? resolvedEnd.minusYears(10).plusDays(1) : start;
        QueryParameters.checkRange(resolvedStart, resolvedEnd);
        return balance.balance(code, resolvedStart, resolvedEnd, QueryParameters.knownAt(knownAt));
    }
}
