package io.multivector.devstack;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The environment variables the services read (their application.properties name them): the
 * same for {@code ./multivector up}, the tests that run whole services and docker compose.
 */
public final class ServiceEnvironment {

    private ServiceEnvironment() {
    }

    /**
     * @param backends for the gateway: module → base URLs of its instances
     */
    public static Map<String, String> of(DevInfrastructure infra, DevKeys keys, Map<String, List<String>> backends) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("MULTIVECTOR_KAFKA", infra.bootstrapServers());
        env.put("MULTIVECTOR_DB_USER", EmbeddedDatabase.USER);
        env.put("MULTIVECTOR_DB_PASSWORD", EmbeddedDatabase.PASSWORD);
        for (String db : DevInfrastructure.DATABASES) {
            env.put("MULTIVECTOR_" + db.toUpperCase() + "_DB_URL", infra.jdbcUrl(db));
        }
        env.put("MULTIVECTOR_INTERNAL_CREDENTIAL", keys.internalCredential());
        env.put("MULTIVECTOR_API_KEYS", keys.apiKeysSetting());
        backends.forEach((module, urls) -> env.put(
                "MULTIVECTOR_" + module.replace("-service", "").toUpperCase() + "_URLS", String.join(",", urls)));
        return env;
    }
}
