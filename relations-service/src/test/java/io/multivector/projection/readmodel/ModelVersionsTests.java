package io.multivector.projection.readmodel;

import io.agroal.api.AgroalDataSource;
import io.multivector.devstack.DevInfrastructureTestResource;
import io.multivector.devstack.TopicFeed;
import io.multivector.projection.runtime.AnswerReach;
import io.multivector.projection.runtime.ProjectionRuntime;
import io.multivector.relations.Events;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The read model's versions in memory follow every applied batch, also after their listening connection was cut. */
@QuarkusTest
@WithTestResource(value = DevInfrastructureTestResource.class, initArgs = @ResourceArg(name = "database", value = "relations"))
class ModelVersionsTests {

    @Inject
    ModelVersions versions;

    @Inject
    ProjectionRuntime runtime;

    @Inject
    AgroalDataSource dataSource;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private long stored(String schema) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select version from " + schema + ".model_version")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Ends the listener's session as a database restart or a network cut would; true when there was one. */
    private boolean cutTheListener() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select count(pg_terminate_backend(pid)) from pg_stat_activity where query = 'listen "
                     + ModelVersions.CHANNEL + "'")) {
            rs.next();
            return rs.getInt(1) > 0;
        }
    }

    /** @param inMemory whether the version must be known without asking the database (the listener is up) */
    private void aBatchIsFollowed(TopicFeed feed, String schema, boolean inMemory) throws SQLException {
        long before = stored(schema);
        feed.publish(Events.visit("BJ", "NE", "2020-05-05"));
        await().atMost(Duration.ofSeconds(60)).until(() -> stored(schema) > before);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            long now = stored(schema);
            assertThat(versions.version(schema)).isEqualTo(now);
            if (inMemory) {
                assertThat(versions.known(schema)).as("from the notification alone").hasValue(now);
            }
        });
    }

    @Test
    void versionsFollowBatchesAndRecoverWhenTheListenerIsCut() throws SQLException {
        String schema = runtime.servingSchema("relations");
        try (TopicFeed feed = new TopicFeed(bootstrap)) {
            await().atMost(Duration.ofSeconds(10)).until(this::listening);
            aBatchIsFollowed(feed, schema, true);
            await().atMost(Duration.ofSeconds(10)).until(this::cutTheListener);
            // meanwhile versions are read from the database; once it listens again they come from notifications
            aBatchIsFollowed(feed, schema, false);
            await().atMost(Duration.ofSeconds(10)).until(this::listening);
            aBatchIsFollowed(feed, schema, true);
        }
    }

    @Test
    void aBatchOfThisInstanceIsKnownAsItCommitsNotANotificationLater() throws SQLException {
        String schema = runtime.servingSchema("relations");
        await().atMost(Duration.ofSeconds(10)).until(this::listening);
        versions.committing(schema);
        try {
            assertThat(versions.known(schema)).as("while a batch commits, the version is the database's").isEmpty();
            assertThat(versions.version(schema)).isEqualTo(stored(schema));
            assertThat(versions.known(schema)).as("after a read from the database, still the database's until the batch ends").isEmpty();
        } finally {
            versions.committed(schema, 0, AnswerReach.NONE);
        }
        // a schema no batch has notified: what the commit said is known at once
        versions.committing("relations_unnotified");
        assertThat(versions.known("relations_unnotified")).isEmpty();
        versions.committed("relations_unnotified", 7, AnswerReach.actors(List.of("LS")));
        assertThat(versions.known("relations_unnotified")).hasValue(7);
    }

    private boolean listening() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select count(*) from pg_stat_activity where query = 'listen " + ModelVersions.CHANNEL + "'")) {
            rs.next();
            return rs.getInt(1) == 1;
        }
    }
}
