package io.multivector.relations.actor.rest;

import io.multivector.events.reference.ReferenceData;
import io.multivector.platform.rest.Page;
import io.multivector.platform.rest.QueryParameters;
import io.multivector.relations.actor.service.MembershipService;
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
import java.util.List;

/** Members of an organisation; under /organizations. */
@Path("/organizations")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "actors")
public class OrganizationResource {

    private final ReferenceData reference;
    private final MembershipService memberships;

    public OrganizationResource(ReferenceData reference, MembershipService memberships) {
        this.reference = reference;
        this.memberships = memberships;
    }

    @GET
    @Path("{code}/members")
    @Operation(operationId = "listMembers", summary = "Members of an organisation on a date")
    public Page<MembershipService.Member> members(@PathParam("code") @Parameter(example = "WTO") String code,
                                                  @QueryParam("asOf") String asOf,
                                                  @QueryParam("knownAt") @Parameter(description = QueryParameters.KNOWN_AT) String knownAt) {
        QueryParameters.actor("path", "code", code, reference);
        if (!reference.isOrganization(code)) {
            throw QueryParameters.invalidPath("code", "'" + code + "' is a state, not an organisation");
        }
        Instant known = QueryParameters.knownAt(knownAt);
        LocalDate day = QueryParameters.asOf(asOf);
        return Page.all(memberships.membersOf(code, day, known), day, known);
    }
}
