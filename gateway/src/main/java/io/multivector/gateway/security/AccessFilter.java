package io.multivector.gateway.security;

import io.multivector.gateway.routing.config.GatewayConfig;
import io.multivector.platform.problem.Problem;
import io.multivector.platform.security.GatewayCaller;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.multivector.events.Violation;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * Who may do what under {@code /api/v1}: reads need the reader role (or none when anonymous reads
 * are on), {@code POST /events} the writer role, {@code /admin} the admin role. No key where one is
 * needed, or a key we do not know: 401; a known key without the role: 403. Then the caller's rate
 * limit (429 with {@code Retry-After}) and the body limit (413).
 */
public class AccessFilter {

    private static final Logger LOG = Logger.getLogger(AccessFilter.class);
    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");

    private final ApiKeys keys;
    private final RequestRateLimiter limiter;
    private final GatewayConfig config;

    public AccessFilter(ApiKeys keys, RequestRateLimiter limiter, GatewayConfig config) {
        this.keys = keys;
        this.limiter = limiter;
        this.config = config;
    }

    @ServerRequestFilter(preMatching = true, priority = Priorities.AUTHENTICATION)
    public Optional<Response> check(ContainerRequestContext request, HttpServerRequest http) {
        // Only this filter says who the caller is: a client's own claim under these names is dropped.
        request.getHeaders().remove(GatewayCaller.KEY_NAME);
        request.getHeaders().remove(GatewayCaller.ROLE);
        String path = request.getUriInfo().getRequestUri().getRawPath();
        if (!path.startsWith("/api/")) {
            return Optional.empty(); // the page, documents and health are public
        }
        if ("OPTIONS".equals(request.getMethod())) {
            return Optional.empty(); // CORS preflight
        }
        Optional<String> decoded = decodedPath(path);
        if (decoded.isEmpty()) {
            // %2e%2e or %2f would be decoded by the backend into a path this filter did not judge (e.g. /admin)
            return Optional.of(Problem.invalid("the path has a '.' or '..' segment, an encoded slash or a bad escape",
                    List.of(new Violation("/path", "segments may not be '.' or '..' nor hold '/' or '\\' once decoded"))).toResponse());
        }
        path = decoded.get();
        Role required = path.startsWith("/api/v1/admin") ? Role.ADMIN
                : READS.contains(request.getMethod()) ? Role.READER : Role.WRITER;
        String presented = presentedKey(request);
        Optional<ApiKeys.Key> key = presented == null ? Optional.empty() : keys.find(presented);
        if (presented != null && key.isEmpty()) {
            return Optional.of(unauthorized("the API key is not known"));
        }
        if (key.isEmpty() && !(required == Role.READER && config.anonymousReads())) {
            return Optional.of(unauthorized(required == Role.READER ? "reads need an API key here"
                    : "this needs an API key with the " + required.name().toLowerCase() + " role"));
        }
        if (key.isPresent() && !key.get().role().includes(required)) {
            LOG.infof("key %s (%s) refused %s %s", key.get().name(), key.get().role(), request.getMethod(), path);
            return Optional.of(Problem.of(Response.Status.FORBIDDEN, "forbidden", "the key '" + key.get().name()
                    + "' has the " + key.get().role().name().toLowerCase() + " role; this needs "
                    + required.name().toLowerCase()).toResponse());
        }
        String caller = key.map(k -> "key:" + k.name()).orElse("address:" + http.remoteAddress().hostAddress());
        long wait = limiter.secondsToWait(caller, key.map(ApiKeys.Key::perSecond).orElse(OptionalDouble.empty()));
        if (wait > 0) {
            Response r = Problem.of(429, "rate-limited", "Too Many Requests",
                    "rate limit of " + caller.substring(caller.indexOf(':') + 1) + " reached; retry in " + wait + " s").toResponse();
            return Optional.of(Response.fromResponse(r).header("Retry-After", wait).build());
        }
        String length = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (length != null && length.matches("\\d{1,18}") && Long.parseLong(length) > config.maxBodyBytes()) {
            return Optional.of(Problem.of(413, "too-large", "Content Too Large",
                    "the body has " + length + " bytes; the gateway takes at most " + config.maxBodyBytes()).toResponse());
        }
        key.ifPresent(k -> {
            request.getHeaders().putSingle(GatewayCaller.KEY_NAME, k.name());
            request.getHeaders().putSingle(GatewayCaller.ROLE, k.role().name().toLowerCase(java.util.Locale.ROOT));
        });
        return Optional.empty();
    }

    /** The path percent-decoded segment by segment; empty when a segment is a dot segment or hides a slash. */
    static Optional<String> decodedPath(String rawPath) {
        StringBuilder out = new StringBuilder();
        for (String segment : rawPath.split("/", -1)) {
            String d;
            try {
                d = URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
            if (d.equals(".") || d.equals("..") || d.contains("/") || d.contains("\\")) {
                return Optional.empty();
            }
            out.append(out.isEmpty() && d.isEmpty() ? "" : "/").append(d);
        }
        return Optional.of(out.toString());
    }

    private static String presentedKey(ContainerRequestContext request) {
        String auth = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return auth.substring(7).trim();
        }
        if (auth != null) {
            return auth; // another scheme: will not match any key, so 401
        }
        return request.getHeaderString("X-Api-Key");
    }

    private static Response unauthorized(String detail) {
        Response r = Problem.of(Response.Status.UNAUTHORIZED, "unauthorized", detail).toResponse();
        return Response.fromResponse(r).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"multivector\"").build();
    }
}
