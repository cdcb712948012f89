package io.multivector.projection.rest;

import io.multivector.projection.readmodel.ReadModelTag;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

import java.util.Arrays;

/**
 * HTTP validation of every read answer: the ETag names the read model's position ({@link ReadModelTag}). It is read
 * before the answer is computed, so an answer is never older than its tag; {@code If-None-Match} with the current
 * tag gives 304 without computing anything. It runs before the other filters of a read, which find the tag in
 * {@link #TAG}.
 */
@Provider
@Priority(Priorities.USER - 100)
public class ReadModelETag implements ContainerRequestFilter, ContainerResponseFilter {

    /** The request property that holds the tag of a read ({@link ReadModelTag.Tag}), absent for anything else. */
    static final String TAG = "multivector.etag";

    private final ReadModelTag tags;

    public ReadModelETag(ReadModelTag tags) {
        this.tags = tags;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String method = request.getMethod();
        if (!("GET".equals(method) || "HEAD".equals(method)) || request.getUriInfo().getPath().replaceFirst("^/", "").startsWith("admin")) {
            return;
        }
        ReadModelTag.Tag tag = tags.current();
        request.setProperty(TAG, tag);
        String ifNoneMatch = request.getHeaderString(HttpHeaders.IF_NONE_MATCH);
        if (ifNoneMatch != null && matches(ifNoneMatch, tag.etag())) {
            request.abortWith(Response.notModified().header(HttpHeaders.ETAG, tag.etag()).header(HttpHeaders.CACHE_CONTROL, "no-cache").build());
        }
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (request.getProperty(TAG) instanceof ReadModelTag.Tag tag && response.getStatus() == 200) {
            response.getHeaders().putSingle(HttpHeaders.ETAG, tag.etag());
            // cacheable, but only after asking again: the model moves with every batch
            response.getHeaders().putSingle(HttpHeaders.CACHE_CONTROL, "no-cache");
        }
    }

    /** Weak comparison (RFC 9110 §13.1.2): any listed tag equal to ours, ignoring W/, or {@code *}. */
    static boolean matches(String ifNoneMatch, String tag) {
        String ours = tag.startsWith("W/") ? tag.substring(2) : tag;
        return Arrays.stream(ifNoneMatch.split(",")).map(String::trim)
                .anyMatch(t -> t.equals("*") || (t.startsWith("W/") ? t.substring(2) : t).equals(ours));
    }
}
