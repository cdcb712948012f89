package io.multivector.projection.readmodel;

import io.multivector.projection.runtime.Projection;
import io.multivector.projection.runtime.ProjectionRuntime;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.StringJoiner;

/**
 * The read model's position as an entity tag: each projection's serving generation and the version every applied
 * batch bumps in its transaction ({@link ModelVersions}), and the day, since {@code asOf} defaults to today. Two answers
 * to one request under one tag are the same answer.
 */
@ApplicationScoped
public class ReadModelTag {

    private final ProjectionRuntime runtime;
    private final ModelVersions versions;

    public ReadModelTag(ProjectionRuntime runtime, ModelVersions versions) {
        this.runtime = runtime;
        this.versions = versions;
    }

    /** The weak entity tag of the read model as it is now. */
    public String current() {
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
}
