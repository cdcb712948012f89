package io.multivector.projection.rest;

import io.multivector.projection.readmodel.ModelVersions;
import io.multivector.projection.runtime.Projection;
import io.multivector.projection.runtime.ProjectionRuntime;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.StringJoiner;

/**
 * HTTP validation of every read answer: the ETag names the read model's position (each projection's serving
 * generation and the version every applied batch bumps in its transaction, as {@link ModelVersions} keeps it in
 * memory) and the day, since {@code asOf} defaults to today. It is read before the answer is computed, so an answer
 * is never older than its tag;
 * {@code If-None-Match} with the current tag gives 304 without computing anything.
 */
@Provider
public class ReadModelETag implements ContainerRequestFilter, ContainerResponseFilter {

    private static final String PROPERTY = "multivector.etag";

    private final ProjectionRuntime runtime;
    private final ModelVersions versions;

    public ReadModelETag(ProjectionRuntime runtime, ModelVersions versions) {
        this.runtime = runtime;
        this.versions = versions;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String method = request.getMethod();
        if (!("GET".equals(method) || "HEAD".equals(method)) || request.getUriInfo().getPath().replaceFirst("^/", "").startsWith("admin")) {
            return;
        }
        String tag = currentTag();
        request.setProperty(PROPERTY, tag);
        String ifNoneMatch = request.getHeaderString(HttpHeaders.IF_NONE_MATCH);
        if (ifNoneMatch != null && matches(ifNoneMatch, tag)) {
            request.abortWith(Response.notModified().header(HttpHeaders.ETAG, tag).header(HttpHeaders.CACHE_CONTROL, "no-cache").build());
        }
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        Object tag = request.getProperty(PROPERTY);
        if (tag != null && response.getStatus() == 200) {
            response.getHeaders().putSingle(HttpHeaders.ETAG, tag);
            // cacheable, but only after asking again: the model moves with every batch
            response.getHeaders().putSingle(HttpHeaders.CACHE_CONTROL, "no-cache");
        }
    }

    private String currentTag() {
        StringJoiner tag = new StringJoiner(".", "W/\"", "\"");
        try {
            for (Projection p : runtime.projections()) {
                String schema = runtime.servingSchema(p.name());
                tag.add(schema).add(Long.toString(versions.version(schema)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the read model's version", e);
        }
        return tag.add(LocalDate.now(ZoneOffset.UTC).toString()).toString();
    }

    /** Weak comparison (RFC 9110 §13.1.2): any listed tag equal to ours, ignoring W/, or {@code *}. */
    static boolean matches(String ifNoneMatch, String tag) {
        String ours = tag.startsWith("W/") ? tag.substring(2) : tag;
        return Arrays.stream(ifNoneMatch.split(",")).map(String::trim)
                .anyMatch(t -> t.equals("*") || (t.startsWith("W/") ? t.substring(2) : t).equals(ours));
    }
}
