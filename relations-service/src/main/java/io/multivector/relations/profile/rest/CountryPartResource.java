package io.multivector.relations.profile.rest;

import io.multivector.projection.rest.AnswerScope;
import io.multivector.events.reference.Actor;
import io.multivector.events.reference.ReferenceData;
import io.multivector.platform.problem.Problem;
import io.multivector.platform.problem.ProblemException;
import io.multivector.platform.rest.QueryParameters;
import io.multivector.relations.actor.service.MembershipService;
import io.multivector.relations.actor.service.OfficeService;
import io.multivector.relations.dyad.service.DyadService;
import io.multivector.relations.record.service.ElectionService;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * The relations read model's part of a country profile in one call, which the gateway composes with the trade
 * part ({@code GET /countries/{code}/profile} is the public path): not in the public contract, so hidden.
 */
@Path("/countries")
@Produces(MediaType.APPLICATION_JSON)
public class CountryPartResource {

    /** How many partners the profile shows. */
    static final int TOP_PARTNERS = 5;

    public record RelationsPart(String code, String name, Instant knownAt, List<DyadService.Partner> topPartners,
                                List<MembershipService.Membership> memberships, List<OfficeService.OfficeHolder> officeholders,
                                ElectionService.Election lastElection) {
    }

    private final ReferenceData reference;
    private final DyadService dyads;
    private final MembershipService memberships;
    private final OfficeService offices;
    private final ElectionService elections;

    public CountryPartResource(ReferenceData reference, DyadService dyads, MembershipService memberships, OfficeService offices,
                               ElectionService elections) {
        this.reference = reference;
        this.dyads = dyads;
        this.memberships = memberships;
        this.offices = offices;
        this.elections = elections;
    }

    @GET
    @AnswerScope("code")
    @Path("{code}/relations-part")
    @Operation(hidden = true)
    public RelationsPart part(@PathParam("code") String code, @QueryParam("asOf") String asOfText,
                              @QueryParam("knownAt") String knownAtText) {
        Actor actor = reference.find(code).orElseThrow(() -> new ProblemException(
                Problem.of(Response.Status.NOT_FOUND, "not-found", "no actor has code '" + code + "'")));
        LocalDate asOf = QueryParameters.asOf(asOfText);
        Instant knownAt = QueryParameters.knownAt(knownAtText);
        List<ElectionService.Election> last = elections.elections(code, null, null, asOf, null, 1, knownAt);
        return new RelationsPart(code, actor.name(), QueryParameters.knownAtUsed(knownAt), dyads.partners(code, asOf, TOP_PARTNERS, knownAt),
                memberships.membershipsOf(code, asOf, knownAt), offices.holders(code, asOf, null, knownAt), last.isEmpty() ? null : last.getLast());
    }
}
