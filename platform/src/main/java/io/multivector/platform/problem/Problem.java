package io.multivector.platform.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.multivector.events.Violation;
import jakarta.ws.rs.core.Response;

import java.util.List;

/**
 * An RFC 9457 problem detail. {@code errors} lists validation failures, each at a JSON pointer
 * into the request body ({@code /data/parties/1}) or, for query parameters, {@code /query/<name>}.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, String instance, List<Violation> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPE_PREFIX = "urn:multivector:problem:";

    public static Problem of(Response.Status status, String kind, String detail) {
        return new Problem(TYPE_PREFIX + kind, status.getReasonPhrase(), status.getStatusCode(), detail, null, List.of());
    }

    public static Problem of(int status, String kind, String title, String detail) {
        return new Problem(TYPE_PREFIX + kind, title, status, detail, null, List.of());
    }

    public static Problem invalid(String detail, List<Violation> errors) {
        return new Problem(TYPE_PREFIX + "validation", "Bad Request", 400, detail, null, errors);
    }

    public Response toResponse() {
        return Response.status(status).type(MEDIA_TYPE).entity(this).build();
    }
}
