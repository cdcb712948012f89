package io.multivector.gateway.routing.service;

import io.multivector.gateway.routing.Backend;

import java.util.Map;
import java.util.Optional;

/** Which backend owns a public path (DESIGN §5), by its first segment; admin paths name their projection. */
public final class RouteTable {

    private static final Map<String, Backend> BY_FIRST_SEGMENT = Map.of(
            "events", Backend.INGEST,
            "streams", Backend.INGEST,
            "actors", Backend.RELATIONS,
            "organizations", Backend.RELATIONS,
            "relations", Backend.RELATIONS,
            "treaties", Backend.RELATIONS,
            "elections", Backend.RELATIONS,
            "trade", Backend.TRADE);

    /** The projections and the backends that hold them. */
    public static final Map<String, Backend> PROJECTIONS = Map.of("relations", Backend.RELATIONS, "trade", Backend.TRADE);

    private RouteTable() {
    }

    /** The owner of a path such as {@code /relations/KZ/RU}; empty for admin paths and unknown ones. */
    public static Optional<Backend> owner(String path) {
        String[] segments = path.split("/");
        return segments.length < 2 ? Optional.empty() : Optional.ofNullable(BY_FIRST_SEGMENT.get(segments[1]));
    }

    /** The backend of a projection or dead letter id ({@code relations-17}). */
    public static Optional<Backend> ownerOfProjectionItem(String nameOrId) {
        int dash = nameOrId.lastIndexOf('-');
        String name = dash < 0 ? nameOrId : nameOrId.substring(0, dash);
        return Optional.ofNullable(PROJECTIONS.get(name));
    }
}
