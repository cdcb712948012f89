package io.multivector.platform.security;

import io.multivector.platform.problem.Problem;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Backends trust the gateway, not the network: when {@code multivector.internal.credential} is set
 * (the stack and compose always set it), every API call must carry it in {@value #HEADER} - reads
 * too, whatever the gateway's anonymous-reads setting, because the gateway is also where keys, roles
 * and rate limits are enforced, and a read that bypasses it would bypass them. Only Quarkus' own
 * paths under {@code /q/} (health, metrics, the OpenAPI document) stay open, for probes and scrapers.
 */
public class InternalCredentialFilter {

    public static final String HEADER = "X-Multivector-Internal";

    @ConfigProperty(name = "multivector.internal.credential")
    Optional<String> credential;

    /** Off in the gateway, which sends the credential and must not demand it of its own callers. */
    @ConfigProperty(name = "multivector.internal.enforce", defaultValue = "true")
    boolean enforce;

    @ServerRequestFilter(preMatching = true)
    public Optional<Response> check(ContainerRequestContext request) {
        if (!enforce) {
            return Optional.empty(); // the gateway: it sets the caller headers itself
        }
        if (credential.isEmpty()) {
            // Nothing proves the caller is the gateway, so nothing it says about who is calling is believed.
            request.getHeaders().remove(GatewayCaller.KEY_NAME);
            request.getHeaders().remove(GatewayCaller.ROLE);
            return Optional.empty();
        }
        if (request.getUriInfo().getPath().startsWith("/q/")) {
            return Optional.empty();
        }
        String presented = request.getHeaderString(HEADER);
        if (presented != null && MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8),
                credential.get().getBytes(StandardCharsets.UTF_8))) {
            return Optional.empty();
        }
        return Optional.of(Problem.of(Response.Status.FORBIDDEN, "internal-credential",
                "this service answers only the gateway (" + HEADER + " missing or wrong); call /api/v1 on the gateway").toResponse());
    }
}
