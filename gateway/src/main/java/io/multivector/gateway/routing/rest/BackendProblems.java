package io.multivector.gateway.routing.rest;

import io.multivector.gateway.routing.service.BackendBusyException;
import io.multivector.gateway.routing.service.BackendUnavailableException;
import io.multivector.platform.problem.Problem;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** A backend that does not answer, or is too busy to take more, is the gateway's 503 naming it, never a 500. */
public class BackendProblems {

    private static final Logger LOG = Logger.getLogger(BackendProblems.class);

    @ServerExceptionMapper
    public Response unavailable(BackendUnavailableException e) {
        LOG.warn(e.getMessage());
        Response r = Problem.of(Response.Status.SERVICE_UNAVAILABLE, "backend-unavailable", e.getMessage()).toResponse();
        return Response.fromResponse(r).header("Retry-After", 5).build();
    }

    @ServerExceptionMapper
    public Response busy(BackendBusyException e) {
        Response r = Problem.of(Response.Status.SERVICE_UNAVAILABLE, "backend-busy", e.getMessage()).toResponse();
        return Response.fromResponse(r).header("Retry-After", 1).build();
    }
}
