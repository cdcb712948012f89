package io.multivector.platform.security;

import io.multivector.platform.problem.Problem;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.Set;

/**
 * Backends trust the gateway, not the network: when {@code multivector.internal.credential} is set
 * (the stack and compose always set it), writes and admin calls must carry it in
 * {@value #HEADER}, so a caller that bypasses the gateway on a shared network cannot write.
 * Reads stay open to such callers: they are what the gateway would serve anonymously anyway.
 */
public class InternalCredentialFilter {

    public static final String HEADER = "X-Multivector-Internal";
    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");

    @ConfigProperty(name = "multivector.internal.credential")
    Optional<String> credential;

    /** Off in the gateway, which sends the credential and must not demand it of its own callers. */
    @ConfigProperty(name = "multivector.internal.enforce", defaultValue = "true")
    boolean enforce;

    @ServerRequestFilter(preMatching = true)
    public Optional<Response> check(ContainerRequestContext request) {
        if (!enforce || credential.isEmpty()) {
            return Optional.empty();
        }
        String path = request.getUriInfo().getPath();
        boolean guarded = !READS.contains(request.getMethod()) || path.startsWith("/admin");
        if (!guarded) {
            return Optional.empty();
        }
        String presented = request.getHeaderString(HEADER);
        if (presented != null && MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8),
                credential.get().getBytes(StandardCharsets.UTF_8))) {
            return Optional.empty();
        }
        return Optional.of(Problem.of(Response.Status.FORBIDDEN, "internal-credential",
                "this service takes writes and admin calls only from the gateway (" + HEADER + " missing or wrong)").toResponse());
    }
}
