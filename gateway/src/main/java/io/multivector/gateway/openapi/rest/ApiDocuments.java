package io.multivector.gateway.openapi.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.multivector.events.asyncapi.AsyncApiDocument;
import io.multivector.gateway.openapi.service.OpenApiAggregate;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The public contract: the aggregated OpenAPI document and the AsyncAPI 3 document of the topics. */
@Path("/q")
public class ApiDocuments {

    private final OpenApiAggregate openApi;
    private final String asyncApi;

    public ApiDocuments(OpenApiAggregate openApi) {
        this.openApi = openApi;
        this.asyncApi = AsyncApiDocument.json("v1");
    }

    @GET
    @Path("openapi")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(hidden = true)
    public ObjectNode openApi() {
        return openApi.document();
    }

    @GET
    @Path("asyncapi")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(hidden = true)
    public String asyncApi() {
        return asyncApi;
    }
}
