package io.multivector.devstack;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * Gives a service's {@code @QuarkusTest}s the real broker and database of
 * {@link DevInfrastructure#forTests()}. Register it with
 * {@code @WithTestResource(value = DevInfrastructureTestResource.class, initArgs = @ResourceArg(name = "database", value = "ingest"))}
 * on each test class; classes with the same registration share one application start, and every
 * class of the JVM shares the one broker and database (stopped when the JVM exits).
 */
public class DevInfrastructureTestResource implements QuarkusTestResourceLifecycleManager {

    private String database = "ingest";

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault("database", database);
    }

    @Override
    public Map<String, String> start() {
        DevInfrastructure infra = DevInfrastructure.forTests();
        return Map.of(
                "kafka.bootstrap.servers", infra.bootstrapServers(),
                "quarkus.datasource.jdbc.url", infra.jdbcUrl(database),
                "quarkus.datasource.username", EmbeddedDatabase.USER,
                "quarkus.datasource.password", EmbeddedDatabase.PASSWORD);
    }

    @Override
    public void stop() {
        // Shared by every test class of the JVM; the shutdown hook of forTests() stops it.
    }
}
