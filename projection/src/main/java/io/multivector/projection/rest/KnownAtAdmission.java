package io.multivector.projection.rest;

import io.multivector.projection.readmodel.KnownAtReads;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.Provider;

/**
 * A read with {@code knownAt} takes one of {@link KnownAtReads}' places for as long as it is answered (a 503 busy
 * when none comes free in time); reads without it, today's answers, are never held back. It runs after
 * {@link CachedAnswerFilter}: an answer kept already takes no place.
 */
@Provider
@Priority(Priorities.USER + 100)
public class KnownAtAdmission implements ContainerRequestFilter, ContainerResponseFilter {

    private static final String ADMITTED = "multivector.known-at-admitted";

    private final KnownAtReads reads;

    public KnownAtAdmission(KnownAtReads reads) {
        this.reads = reads;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if ("GET".equals(request.getMethod()) && namesKnownAt(request)) {
            reads.enter();
            request.setProperty(ADMITTED, Boolean.TRUE);
        }
    }

    /** Whether a read asks as known at a time: otherwise it is today's answer, as known now. */
    static boolean namesKnownAt(ContainerRequestContext request) {
        return request.getUriInfo().getQueryParameters().containsKey("knownAt");
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (request.getProperty(ADMITTED) != null) {
            request.removeProperty(ADMITTED);
            reads.leave();
        }
    }
}
