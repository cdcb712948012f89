package io.multivector.projection.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.multivector.projection.readmodel.CachedAnswers;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

import java.net.URI;
import java.time.Instant;

/**
 * Serves a read from {@link CachedAnswers} when it was answered already under the current tag, which
 * {@link ReadModelETag} read: without asking the database or encoding anything. Otherwise the answer is encoded once,
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

    public CachedAnswerFilter(CachedAnswers answers, ObjectMapper json) {
        this.answers = answers;
        this.json = json;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        Object tag = request.getProperty(ReadModelETag.TAG);
        if (tag == null || !"GET".equals(request.getMethod()) || !answers.enabled()) {
            return;
        }
        URI uri = request.getUriInfo().getRequestUri();
        String key = uri.getRawPath() + '?' + uri.getRawQuery() + ' ' + request.getHeaderString(HttpHeaders.ACCEPT);
        CachedAnswers.Answer hit = answers.get((String) tag, key);
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
            stored = answers.keep((String) request.getProperty(ReadModelETag.TAG), (String) key, answer);
        }
        response.getHeaders().putSingle(CACHE_STATUS, CACHE + "; fwd=miss" + (stored ? "; stored" : ""));
    }
}
