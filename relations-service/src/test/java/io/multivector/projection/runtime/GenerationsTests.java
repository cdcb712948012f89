package io.multivector.projection.runtime;

import io.agroal.api.AgroalDataSource;
import io.multivector.devstack.DevInfrastructureTestResource;
import io.multivector.events.Event;
import io.multivector.events.Topic;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The generations of the runtime (in the package it keeps them in), on the service's real database. */
@QuarkusTest
@WithTestResource(value = DevInfrastructureTestResource.class, initArgs = @ResourceArg(name = "database", value = "relations"))
class GenerationsTests {

    @Inject
    AgroalDataSource dataSource;

    /** A projection of this test alone, whose tables are given. */
    private static Projection withTables(String ddl) {
        return new Projection() {
            public String name() {
                return "upgradetest";
            }

            public List<Topic> topics() {
                return List.of();
            }

            public String contentDdl() {
                return ddl;
            }

            public List<String> contentTables() {
                return List.of("item");
            }

            public List<Row> apply(Event event) {
                return List.of();
            }
        };
    }

    private String serving(Projection p) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            String schema = Generations.ensureServing(c, p);
            c.commit();
            return schema;
        }
    }

    private boolean exists(String schema) throws SQLException {
        try (Connection c = dataSource.getConnection();
             ResultSet rs = c.createStatement().executeQuery("select count(*) from pg_namespace where nspname = '" + schema + "'")) {
            rs.next();
            return rs.getInt(1) == 1;
        }
    }

    @Test
    void aGenerationBuiltWithOtherTablesIsReplacedByAnEmptyOneAtStart() throws SQLException {
        Projection before = withTables("create table item (event_id uuid not null);");
        String first = serving(before);
        assertThat(serving(before)).as("same tables: the same generation keeps serving").isEqualTo(first);
        String next = serving(withTables("create table item (event_id uuid not null, weight numeric);"));
        assertThat(next).isNotEqualTo(first).startsWith("upgradetest_g");
        assertThat(exists(first)).as("the old generation is dropped").isFalse();
        assertThat(exists(next)).isTrue();
        try (Connection c = dataSource.getConnection();
             ResultSet rs = c.createStatement().executeQuery("select count(weight) from " + next + ".item")) {
            assertThat(rs.next()).isTrue();
        }
    }
}
