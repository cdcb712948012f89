package io.multivector.projection.rest;

import io.multivector.platform.rest.QueryParameters;
import io.multivector.projection.runtime.ProjectionAdmin;
import io.multivector.projection.runtime.ProjectionRuntime;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.Map;

/** Operating a service's projections: status, rebuild, checksum, dead letters. */
@Path("/admin")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "admin", description = "Projection status, rebuild without downtime, checksums and dead letters")
public class ProjectionAdminResource {

    private final ProjectionRuntime runtime;
    private final ProjectionAdmin admin;

    public ProjectionAdminResource(ProjectionRuntime runtime, ProjectionAdmin admin) {
        this.runtime = runtime;
        this.admin = admin;
    }

    @GET
    @Path("projections")
    @Operation(operationId = "listProjections", summary = "Projections and their progress", description = "Per partition: the offset stored with the read model, "
            + "the topic's end offset, the lag between them and when the last applied event was recorded.")
    public Map<String, List<ProjectionAdmin.Status>> projections() {
        return Map.of("items", admin.status());
    }

    @POST
    @Path("projections/{name}/rebuild")
    @Operation(operationId = "rebuildProjection", summary = "Rebuild a read model without downtime", description = "Builds a new generation from the start of the "
            + "topics beside the serving one, which keeps answering; switches to it once it has caught up.")
    @APIResponse(responseCode = "202", description = "rebuild started")
    @APIResponse(responseCode = "409", description = "a rebuild is already running")
    public Response rebuild(@PathParam("name") String name) {
        String schema = runtime.rebuild(name);
        return Response.accepted(Map.of("name", name, "rebuildingInto", schema, "status", "rebuilding")).build();
    }

    @GET
    @Path("projections/{name}/checksum")
    @Operation(operationId = "getProjectionChecksum", summary = "Digest of a read model's content", description = "Equal for two builds from the same events, "
            + "whatever their batch sizes, partitions or number of instances.")
    public ProjectionAdmin.Checksum checksum(@PathParam("name") String name) {
        return admin.checksum(name);
    }

    @GET
    @Path("dead-letters")
    @Operation(operationId = "listDeadLetters", summary = "Records that could not be applied", description = "With the reason and original coordinates; keyset-paginated.")
    public ProjectionAdmin.DeadLetterPage deadLetters(@QueryParam("after") String after, @QueryParam("limit") String limit) {
        return admin.deadLetters(QueryParameters.after(after), QueryParameters.limit(limit, 500));
    }

    @POST
    @Path("dead-letters/{id}/retry")
    @Operation(operationId = "retryDeadLetter", summary = "Apply a dead letter again", description = "After a fix; 409 with the reason if it still cannot be applied.")
    public ProjectionAdmin.DeadLetter retry(@PathParam("id") String id) {
        return admin.retry(id);
    }
}
