package io.multivector.gateway.stream.rest;

import io.multivector.events.catalogue.EventType;
import io.multivector.events.reference.ReferenceData;
import io.multivector.gateway.stream.service.LiveFeed;
import io.multivector.platform.rest.QueryParameters;
import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

@Path("/api/v1/stream")
@Tag(name = "stream", description = "Events as they are published")
public class StreamResource {

    /** A comment line this often keeps proxies from closing a quiet stream. */
    static final Duration HEARTBEAT = Duration.ofSeconds(15);

    private final LiveFeed feed;
    private final ReferenceData reference;

    public StreamResource(LiveFeed feed, ReferenceData reference) {
        this.feed = feed;
        this.reference = reference;
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(summary = "Live events (Server-Sent Events)",
            description = "Each published event as an SSE message: id = event id, event = type, data = the CloudEvent. "
                    + "Filters: actor (any of the event's actors), type; both repeatable.")
    public Multi<OutboundSseEvent> stream(@QueryParam("actor") @Parameter(example = "KZ") List<String> actor,
                                          @QueryParam("type") @Parameter(example = "treaty.signed") List<String> type,
                                          @Context Sse sse) {
        Set<String> actors = actor.stream().map(a -> QueryParameters.actor("query", "actor", a, reference)).collect(Collectors.toSet());
        for (String t : type) {
            if (EventType.ofName(t).isEmpty()) {
                throw QueryParameters.invalid("type", "'" + t + "' is not an event type of the catalogue");
            }
        }
        Set<String> types = Set.copyOf(type);
        Multi<OutboundSseEvent> events = feed.events().filter(e -> LiveFeed.matches(e, actors, types))
                .map(e -> sse.newEventBuilder().id(e.id()).name(e.type()).data(e.json()).build());
        Multi<OutboundSseEvent> heartbeats = Multi.createFrom().ticks().every(HEARTBEAT)
                .map(t -> sse.newEventBuilder().comment("keep-alive").build());
        return Multi.createBy().merging().streams(events, heartbeats);
    }
}
