package io.multivector.gateway.security;

import io.multivector.gateway.routing.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The keys the gateway accepts, known only by their SHA-256 hashes
 * ({@code multivector.gateway.api-keys = name:role:sha256hex[:requestsPerSecond],...}).
 */
@ApplicationScoped
public class ApiKeys {

    /** A known key: its name (for logs and rate limits, never the key), role and own rate if any. */
    public record Key(String name, Role role, OptionalDouble perSecond) {
    }

    private final Map<String, Key> byHash = new HashMap<>();

    public ApiKeys(GatewayConfig config) {
        for (String entry : config.apiKeys().orElse(List.of())) {
            String[] f = entry.trim().split(":");
            if (f.length < 3 || f.length > 4 || !f[2].matches("[0-9a-fA-F]{64}")) {
                throw new IllegalStateException("multivector.gateway.api-keys: '" + f[0]
                        + "' must be name:role:sha256hex[:requestsPerSecond]");
            }
            Role role = Role.valueOf(f[1].toUpperCase(Locale.ROOT));
            OptionalDouble rate = f.length == 4 ? OptionalDouble.of(Double.parseDouble(f[3])) : OptionalDouble.empty();
            byHash.put(f[2].toLowerCase(Locale.ROOT), new Key(f[0], role, rate));
        }
    }

    public Optional<Key> find(String presented) {
        return Optional.ofNullable(byHash.get(sha256(presented)));
    }

    static String sha256(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
