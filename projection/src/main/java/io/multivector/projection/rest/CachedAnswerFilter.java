package io.multivector.projection.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.multivector.projection.readmodel.CachedAnswers;
import io.multivector.projection.readmodel.ReadModelTag;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

import java.net.URI;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

/**
 * Serves a read from {@link CachedAnswers} when an answer kept for it holds at the current tag, which {@link
 * ReadModelETag} read (for a read marked {@link AnswerScope}, also a tag whose batches did not reach its actors):
 * without asking the database or encoding anything. Otherwise the answer is encoded once,
 * for its response and for the cache. A request is its path, query and {@code Accept}. Each response says which in a
 * {@code Cache-Status} header (RFC 9211): {@code hit}, or {@code fwd=miss} and whether it was {@code stored}.
 */
@Provider
@Priority(Priorities.USER)
public class CachedAnswerFilter implements ContainerRequestFilter, ContainerResponseFilter {

    private static final String CACHE_STATUS = "Cache-Status";
    private static final String CACHE = "multivector";
    private static final String REQUEST = "multivector.cached-answer-request";

    private final CachedAnswers answers;
    private final ObjectMapper json;

    @Context
    ResourceInfo resource;

    public CachedAnswerFilter(CachedAnswers answers, ObjectMapper json) {
        this.answers = answers;
        this.json = json;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (!(request.getProperty(ReadModelETag.TAG) instanceof ReadModelTag.Tag tag) || !"GET".equals(request.getMethod())
                || !answers.enabled()) {
            return;
        }
        URI uri = request.getUriInfo().getRequestUri();
        String key = uri.getRawPath() + '?' + uri.getRawQuery() + ' ' + request.getHeaderString(HttpHeaders.ACCEPT);
        CachedAnswers.Answer hit = answers.get(tag, key);
        if (hit != null) {
            request.abortWith(Response.ok(hit.jsonAt(Instant.now()), hit.type()).header(CACHE_STATUS, CACHE + "; hit").build());
            return;
        }
        request.setProperty(REQUEST, key);
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        Object key = request.getProperty(REQUEST);
        if (key == null) {
            return;
        }
        boolean stored = false;
        MediaType type = response.getMediaType();
        if (response.getStatus() == 200 && response.hasEntity() && type != null && type.isCompatible(MediaType.APPLICATION_JSON_TYPE)) {
            byte[] encoded;
            try {
                encoded = json.writeValueAsBytes(response.getEntity());
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot encode the answer to " + key, e);
            }
            response.setEntity(encoded, response.getEntityAnnotations(), type);
            // with knownAt named, the answer echoes it as asked; without, the echo of now is renewed when served again
            CachedAnswers.Answer answer = KnownAtAdmission.namesKnownAt(request)
                    ? new CachedAnswers.Answer(encoded, type.toString(), new int[0])
                    : CachedAnswers.Answer.knownNow(encoded, type.toString());
            stored = answers.keep((ReadModelTag.Tag) request.getProperty(ReadModelETag.TAG), (String) key, scope(request), answer);
        }
        response.getHeaders().putSingle(CACHE_STATUS, CACHE + "; fwd=miss" + (stored ? "; stored" : ""));
    }

    /** The actors the answer is about ({@link AnswerScope}); null when it is about everything. */
    private Set<String> scope(ContainerRequestContext request) {
        AnswerScope scope = resource.getResourceMethod() == null ? null : resource.getResourceMethod().getAnnotation(AnswerScope.class);
        if (scope == null) {
            return null;
        }
        MultivaluedMap<String, String> path = request.getUriInfo().getPathParameters();
        Set<String> actors = new HashSet<>();
        for (String parameter : scope.value()) {
            String actor = path.getFirst(parameter);
            if (actor == null) {
                return null; // not the path the annotation names: about everything
            }
            actors.add(actor);
        }
        return actors;
    }
}
