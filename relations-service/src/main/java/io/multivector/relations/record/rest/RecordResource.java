package io.multivector.relations.record.rest;

import io.multivector.events.catalogue.ElectionKind;
import io.multivector.events.reference.ReferenceData;
import io.multivector.platform.problem.Problem;
import io.multivector.platform.problem.ProblemException;
import io.multivector.platform.rest.Page;
import io.multivector.platform.rest.QueryParameters;
import io.multivector.relations.record.service.ElectionService;
import io.multivector.relations.record.service.TreatyService;
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
import java.util.Arrays;

/** The record: treaties and elections. */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "record", description = "Treaties and elections")
public class RecordResource {

    private final TreatyService treaties;
    private final ElectionService elections;
    private final ReferenceData reference;

    public RecordResource(TreatyService treaties, ElectionService elections, ReferenceData reference) {
        this.treaties = treaties;
        this.elections = elections;
        this.reference = reference;
    }

    @GET
    @Path("treaties")
    @Operation(operationId = "listTreaties", summary = "Treaties, by party and signed on or before a date")
    public Page<TreatyService.Treaty> treaties(@QueryParam("party") @Parameter(example = "KZ") String party,
                                               @QueryParam("asOf") String asOf,
                                               @QueryParam("knownAt") @Parameter(description = QueryParameters.KNOWN_AT) String knownAt) {
        if (party != null) {
            QueryParameters.actor("query", "party", party, reference);
        }
        Instant known = QueryParameters.knownAt(knownAt);
        LocalDate day = asOf == null ? null : QueryParameters.asOf(asOf);
        return Page.all(treaties.treaties(party, day, known), day, known);
    }

    @GET
    @Path("treaties/{treatyId}")
    @Operation(operationId = "getTreaty", summary = "One treaty")
    public TreatyService.Treaty treaty(@PathParam("treatyId") @Parameter(example = "eu-kz-epca-2015") String treatyId,
                                       @QueryParam("knownAt") @Parameter(description = QueryParameters.KNOWN_AT) String knownAt) {
        return treaties.treaty(treatyId, QueryParameters.knownAt(knownAt)).orElseThrow(() -> new ProblemException(
                Problem.of(Response.Status.NOT_FOUND, "not-found", "no treaty '" + treatyId + "' is known")));
    }

    @GET
    @Path("elections")
    @Operation(operationId = "listElections", summary = "Elections with their results", description = "Filtered by country, kind and the dates they were held; "
            + "`person` keeps those with a result it names, by the name recorded or any other spelling recorded for it; "
            + "`latest=N` keeps only the N most recent of those (a profile's last election without the whole history).")
    public Page<ElectionService.Election> elections(@QueryParam("country") @Parameter(example = "KZ") String country,
                                                    @QueryParam("kind") @Parameter(example = "parliamentary") String kind,
                                                    @QueryParam("from") String from, @QueryParam("to") String to,
                                                    @QueryParam("person") @Parameter(description = PersonParameter.DESCRIPTION
                                                            + " In a party-list election the results name parties.", example = "Tokayev")
                                                    String person,
                                                    @QueryParam("latest") @Parameter(description = "only the N most recent, 1-1000") String latest,
                                                    @QueryParam("knownAt") @Parameter(description = QueryParameters.KNOWN_AT) String knownAt) {
        if (country != null) {
            QueryParameters.actor("query", "country", country, reference);
        }
        if (kind != null && Arrays.stream(ElectionKind.values()).noneMatch(k -> k.wireName().equals(kind))) {
            throw QueryParameters.invalid("kind", "must be one of presidential, parliamentary, local, referendum");
        }
        LocalDate start = QueryParameters.startOf("from", from);
        LocalDate end = QueryParameters.endOf("to", to);
        QueryParameters.checkRange(start, end);
        NameSearch search = PersonParameter.parse(person);
        Integer newest = QueryParameters.integer("latest", latest);
        if (newest != null && (newest < 1 || newest > 1000)) {
            throw QueryParameters.invalid("latest", "must be between 1 and 1000");
        }
        Instant known = QueryParameters.knownAt(knownAt);
        return Page.all(elections.elections(country, kind, start, end, search, newest, known), known);
    }
}
