package io.multivector.ingest.store.rest;

import io.multivector.ingest.store.config.StoreConfig;
import io.multivector.ingest.store.service.EventReader;
import io.multivector.events.Violation;
import io.multivector.platform.problem.Problem;
import io.multivector.platform.problem.ProblemException;
import io.multivector.platform.rest.QueryParameters;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/** A stream's events in version order. */
@Path("/streams")
@Tag(name = "events")
public class StreamResource {

    private final EventReader reader;
    private final StoreConfig config;

    public StreamResource(EventReader reader, StoreConfig config) {
        this.reader = reader;
        this.config = config;
    }

    @GET
    @Path("{stream}/events")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "listStreamEvents", summary = "A stream in version order", description = "A stream is the sorted actor pair joined by ~ (EU~KZ) or a "
            + "single actor (KZ). Keyset-paginated by stream version: pass `next` as `after`.")
    public String stream(@PathParam("stream") @Parameter(example = "EU~KZ") String stream,
                         @QueryParam("after") String after, @QueryParam("limit") String limit) {
        if (!stream.matches("[A-Z][A-Z0-9]{1,15}(~[A-Z][A-Z0-9]{1,15})?")) {
            throw new ProblemException(Problem.invalid("'" + (stream.length() > 80 ? stream.substring(0, 80) : stream)
                    + "' is not a stream", List.of(new Violation("/path/stream", "must be an actor code or two joined by ~, such as EU~KZ"))));
        }
        return EventResource.pageJson(reader.stream(stream, QueryParameters.after(after),
                QueryParameters.limit(limit, config.maxPageSize())));
    }
}
