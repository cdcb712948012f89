package io.multivector.gateway.profile.rest;

import io.multivector.gateway.profile.service.ProfileService;
import io.multivector.platform.rest.QueryParameters;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;

@Path("/api/v1/countries")
@Tag(name = "countries", description = "Views composed from both read models")
public class ProfileResource {

    private final ProfileService profiles;

    public ProfileResource(ProfileService profiles) {
        this.profiles = profiles;
    }

    @GET
    @Path("{code}/profile")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getCountryProfile", summary = "A country as of a date",
            description = "Top partners by decayed score, memberships and office-holders in force, the last election, "
                    + "the top trade partners of the latest year with figures, and crude oil (HS 2709) route exposure, "
                    + "fetched in parallel. A backend that does not answer is named in degraded[] and its parts are null."
                    + " Both parts are as known at the same `knownAt`.")
    @APIResponse(responseCode = "200", description = "the profile (possibly degraded)")
    @APIResponse(responseCode = "404", description = "no such actor")
    public Uni<ProfileService.CountryProfile> profile(@PathParam("code") @Parameter(example = "KZ") String code,
                                                 @QueryParam("asOf") @Parameter(example = "2023-12-31") String asOf,
                                                 @QueryParam("knownAt") @Parameter(description = QueryParameters.KNOWN_AT) String knownAt,
                                                 @Context HttpHeaders headers) {
        return profiles.profile(code, QueryParameters.asOf(asOf), QueryParameters.knownAt(knownAt), headers.getRequestHeaders());
    }
}
