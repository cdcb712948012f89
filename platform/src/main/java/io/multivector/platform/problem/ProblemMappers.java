package io.multivector.platform.problem;

import io.multivector.events.InvalidEventException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every error of every service leaves as application/problem+json; nothing leaks a stack trace. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return e.problem().toResponse();
    }

    @ServerExceptionMapper
    public Response invalid(InvalidEventException e) {
        return Problem.invalid(e.getMessage(), e.violations()).toResponse();
    }

    /** JAX-RS' own errors (404 of an unknown path, 405, 415, 406) in the same form. */
    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        Response r = e.getResponse();
        Response.StatusType status = r.getStatusInfo();
        return Problem.of(status.getStatusCode(), slug(status.getReasonPhrase()), status.getReasonPhrase(),
                e.getMessage()).toResponse();
    }

    @ServerExceptionMapper
    public Response busy(BusyException e) {
        LOG.warn(e.getMessage());
        Response r = Problem.of(Response.Status.SERVICE_UNAVAILABLE, "busy", e.getMessage()).toResponse();
        return Response.fromResponse(r).header("Retry-After", 1).build();
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        LOG.error("unexpected failure", e);
        return Problem.of(Response.Status.INTERNAL_SERVER_ERROR, "internal",
                "the request failed on our side; it is logged").toResponse();
    }

    private static String slug(String phrase) {
        return phrase == null ? "error" : phrase.toLowerCase().replaceAll("[^a-z0-9]+", "-");
    }
}
