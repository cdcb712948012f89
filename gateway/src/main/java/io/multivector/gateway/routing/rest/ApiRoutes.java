package io.multivector.gateway.routing.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.multivector.gateway.routing.Backend;
import io.multivector.gateway.routing.service.BackendClient;
import io.multivector.gateway.routing.service.Forwarded;
import io.multivector.gateway.routing.service.RouteTable;
import io.multivector.platform.problem.Problem;
import io.multivector.platform.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * Every backend path of DESIGN §5 under {@code /api/v1}, passed to the service that owns it with
 * status, problem bodies and paging unchanged. The two admin lists that span both projections are
 * merged here. The paths themselves are documented by the backends' own OpenAPI documents, which
 * {@code /q/openapi} aggregates; this resource is hidden from the gateway's.
 */
@Path("/api/v1")
public class ApiRoutes {

    static final String PREFIX = "/api/v1";
    private final BackendClient backends;
    private final ObjectMapper json;

    public ApiRoutes(BackendClient backends, ObjectMapper json) {
        this.backends = backends;
        this.json = json;
    }

    @GET
    @Path("{path: .+}")
    @Operation(hidden = true)
    public Uni<Response> read(@Context UriInfo uri, @Context HttpHeaders headers) {
        return route("GET", uri, headers, null);
    }

    @POST
    @Path("{path: .+}")
    @Operation(hidden = true)
    public Uni<Response> write(@Context UriInfo uri, @Context HttpHeaders headers, byte[] body) {
        return route("POST", uri, headers, body);
    }

    private Uni<Response> route(String method, UriInfo uri, HttpHeaders headers, byte[] body) {
        String path = uri.getRequestUri().getRawPath().substring(PREFIX.length());
        String query = uri.getRequestUri().getRawQuery();
        MediaType mediaType = headers.getMediaType();
        if (mediaType != null && (mediaType.isWildcardType() || mediaType.isWildcardSubtype())) {
            // "*/*" names no format; a backend would take it for whatever it consumes
            throw new ProblemException(Problem.of(Response.Status.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type",
                    "Content-Type " + mediaType + " names no format; send application/json, application/cloudevents+json or application/x-ndjson"));
        }
        String type = mediaType == null ? null : mediaType.toString();
        if (path.startsWith("/admin/")) {
            return admin(method, path, query, headers, type, body, uri);
        }
        Backend owner = RouteTable.owner(path).orElseThrow(() -> notFound(path));
        return backends.forward(owner, method, path, query, headers.getRequestHeaders(), type, body).map(f -> relay(f, uri));
    }

    private Uni<Response> admin(String method, String path, String query, HttpHeaders headers, String type, byte[] body, UriInfo uri) {
        String[] s = path.split("/"); // "", "admin", kind, name-or-id, action
        if (s.length == 3 && "GET".equals(method) && ("projections".equals(s[2]) || "dead-letters".equals(s[2]))) {
            String projection = uri.getQueryParameters().getFirst("projection");
            if (projection != null) {
                Backend b = RouteTable.ownerOfProjectionItem(projection).orElseThrow(() -> new ProblemException(
                        Problem.invalid("unknown projection", List.of(new io.multivector.events.Violation("/query/projection",
                                "must be one of " + RouteTable.PROJECTIONS.keySet())))));
                return backends.forward(b, method, path, query, headers.getRequestHeaders(), type, body).map(f -> relay(f, uri));
            }
            if (uri.getQueryParameters().containsKey("after")) {
                throw new ProblemException(Problem.invalid("paging spans one projection at a time",
                        List.of(new io.multivector.events.Violation("/query/projection", "required together with after"))));
            }
            return merged(path, query, headers);
        }
        if (s.length >= 4) {
            Backend b = RouteTable.ownerOfProjectionItem(s[3]).orElseThrow(() -> notFound(path));
            return backends.forward(b, method, path, query, headers.getRequestHeaders(), type, body).map(f -> relay(f, uri));
        }
        throw notFound(path);
    }

    /** Both projections' lists in one; {@code next} names the projection whose list goes on. */
    private Uni<Response> merged(String path, String query, HttpHeaders headers) {
        List<Backend> owners = List.of(Backend.RELATIONS, Backend.TRADE);
        List<Uni<Forwarded>> lists = owners.stream()
                .map(b -> backends.forward(b, "GET", path, query, headers.getRequestHeaders(), null, null)).toList();
        return Uni.combine().all().unis(lists).with(Forwarded.class, answers -> {
            ObjectNode out = json.createObjectNode();
            ArrayNode items = out.putArray("items");
            for (int i = 0; i < owners.size(); i++) {
                Forwarded f = answers.get(i);
                if (f.status() != 200) {
                    return Response.status(f.status()).type(f.contentType()).entity(f.body()).build();
                }
                try {
                    JsonNode answer = json.readTree(f.body());
                    items.addAll((ArrayNode) answer.path("items"));
                    if (answer.hasNonNull("next")) {
                        out.with("next").put(owners.get(i).key(), answer.path("next").asText());
                    }
                } catch (IOException e) {
                    throw new IllegalStateException(owners.get(i).key() + " answered " + path + " with invalid JSON", e);
                }
            }
            return Response.ok(out, MediaType.APPLICATION_JSON).build();
        });
    }

    private static Response relay(Forwarded f, UriInfo uri) {
        Response.ResponseBuilder r = Response.status(f.status());
        if (f.contentType() != null) {
            r.type(f.contentType());
        }
        for (Map.Entry<String, String> h : f.headers().entrySet()) {
            if ("location".equalsIgnoreCase(h.getKey())) {
                // a backend names its own address; the caller must get the gateway's
                URI backendLocation = URI.create(h.getValue());
                String rest = backendLocation.getRawPath() + (backendLocation.getRawQuery() == null ? "" : "?" + backendLocation.getRawQuery());
                r.header("Location", uri.getBaseUri().resolve(PREFIX.substring(1) + rest));
            } else {
                r.header(h.getKey(), h.getValue());
            }
        }
        return r.entity(f.body().length == 0 ? null : f.body()).build();
    }

    private static ProblemException notFound(String path) {
        return new ProblemException(Problem.of(Response.Status.NOT_FOUND, "not-found", "no public path " + PREFIX + path));
    }
}
