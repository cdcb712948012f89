package io.multivector.projection.readmodel;

import io.multivector.projection.runtime.Projection;
import io.multivector.projection.runtime.ProjectionRuntime;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * The read model's position as an entity tag: each projection's serving generation and the version every applied
 * batch bumps in its transaction ({@link ModelVersions}), and the day, since {@code asOf} defaults to today. Two answers
 * to one request under one tag are the same answer.
 */
@ApplicationScoped
public class ReadModelTag {

    /** A projection's serving generation and its version. */
    public record Position(String schema, long version) {
    }

    /** Each projection's position, in the runtime's order, and the day. */
    public record Tag(List<Position> positions, LocalDate day) {

        public Tag {
            positions = List.copyOf(positions);
        }

        /** The weak entity tag. */
        public String etag() {
            StringJoiner tag = new StringJoiner(".", "W/\"", "\"");
            positions.forEach(p -> tag.add(p.schema()).add(Long.toString(p.version())));
            return tag.add(day.toString()).toString();
        }
    }

    private final ProjectionRuntime runtime;
    private final ModelVersions versions;

    public ReadModelTag(ProjectionRuntime runtime, ModelVersions versions) {
        this.runtime = runtime;
        this.versions = versions;
    }

    /** The read model's position now. */
    public Tag current() {
        List<Position> positions = new ArrayList<>();
        try {
            for (Projection p : runtime.projections()) {
                String schema = runtime.servingSchema(p.name());
                positions.add(new Position(schema, versions.version(schema)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the read model's version", e);
        }
        return new Tag(positions, LocalDate.now(ZoneOffset.UTC));
    }
}
