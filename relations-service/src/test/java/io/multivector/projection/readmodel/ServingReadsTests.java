package io.multivector.projection.readmodel;

import io.agroal.api.AgroalDataSource;
import io.multivector.devstack.DevInfrastructureTestResource;
import io.multivector.projection.runtime.ProjectionRuntime;
import io.multivector.relations.projection.RelationsProjection;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The statements of one answer share a connection: the pool is asked once per answer, not once per statement. */
@QuarkusTest
@WithTestResource(value = DevInfrastructureTestResource.class, initArgs = @ResourceArg(name = "database", value = "relations"))
class ServingReadsTests {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    ProjectionRuntime runtime;

    private int backend(ServingReads reads) {
        return reads.query("select pg_backend_pid()", List.of(), rs -> rs.getInt(1)).getFirst();
    }

    @Test
    void everyQueryOfAnAnswerRunsOnOneConnection() throws Exception {
        ServingReads reads = new ServingReads(dataSource, runtime, RelationsProjection.NAME);
        List<Integer> backends = reads.onOneConnection(() -> {
            int first = backend(reads);
            // another caller takes a connection meanwhile: the pool would hand the next statement a different one
            try (Connection other = dataSource.getConnection()) {
                int nested = reads.onOneConnection(() -> backend(reads));
                return List.of(first, backend(reads), nested, backend(new ServingReads(dataSource, runtime, RelationsProjection.NAME)));
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(backends.subList(0, 3)).as("the answer's statements, nested ones too").containsOnly(backends.getFirst());
        assertThat(backends.get(3)).as("another reader takes its own").isNotEqualTo(backends.getFirst());
    }
}
