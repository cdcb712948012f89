package io.multivector.gateway.stream.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.multivector.events.Violation;
import io.multivector.events.catalogue.EventType;
import io.multivector.events.reference.ReferenceData;
import io.multivector.gateway.routing.Backend;
import io.multivector.gateway.routing.service.BackendClient;
import io.multivector.gateway.routing.service.Forwarded;
import io.multivector.gateway.stream.service.LiveFeed;
import io.multivector.platform.problem.Problem;
import io.multivector.platform.problem.ProblemException;
import io.multivector.platform.rest.QueryParameters;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.MultiEmitter;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
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
import org.jboss.logging.Logger;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

@Path("/api/v1/stream")
@Tag(name = "stream", description = "Events as they are published")
public class StreamResource {

    private static final Logger LOG = Logger.getLogger(StreamResource.class);
    /** A comment line this often keeps proxies from closing a quiet stream. */
    static final Duration HEARTBEAT = Duration.ofSeconds(15);
    /** Events a client may fall behind by before it is cut off (it resumes with Last-Event-ID). */
    static final int CLIENT_BUFFER = 1_000;
    /** Stored events read per request when resuming. */
    static final int REPLAY_PAGE = 500;

    private final LiveFeed feed;
    private final ReferenceData reference;
    private final BackendClient backends;
    private final ObjectMapper json;

    public StreamResource(LiveFeed feed, ReferenceData reference, BackendClient backends, ObjectMapper json) {
        this.feed = feed;
        this.reference = reference;
        this.backends = backends;
        this.json = json;
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(operationId = "streamEvents", summary = "Live events (Server-Sent Events)",
            description = "Each published event as an SSE message: id = the event's sequence, event = its type, data = the "
                    + "CloudEvent. Filters: actor (any of the event's actors), type; both repeatable. Reconnecting with "
                    + "Last-Event-ID first replays every stored event after that sequence, then goes on live, without a gap or a "
                    + "repeat. A client that falls " + CLIENT_BUFFER + " events behind is cut off with an `overflow` event and "
                    + "resumes the same way.")
    public Multi<OutboundSseEvent> stream(@QueryParam("actor") @Parameter(description = "an actor the event names, e.g. KZ; repeat for several") List<String> actor,
                                          @QueryParam("type") @Parameter(description = "an event type, e.g. treaty.signed; repeat for several") List<String> type,
                                          @HeaderParam("Last-Event-ID") @Parameter(description = "resume after this sequence") String lastEventId,
                                          @Context Sse sse) {
        Set<String> actors = actor.stream().map(a -> QueryParameters.actor("query", "actor", a, reference)).collect(Collectors.toSet());
        for (String t : type) {
            if (EventType.ofName(t).isEmpty()) {
                throw QueryParameters.invalid("type", "'" + t + "' is not an event type of the catalogue");
            }
        }
        Set<String> types = Set.copyOf(type);
        Long resumeAfter = null;
        if (lastEventId != null && !lastEventId.isBlank()) {
            if (!lastEventId.trim().matches("\\d{1,18}")) {
                throw new ProblemException(Problem.invalid("Last-Event-ID must be an event sequence this stream sent",
                        List.of(new Violation("/headers/Last-Event-ID", "must be a sequence number"))));
            }
            resumeAfter = Long.parseLong(lastEventId.trim());
        }
        Long after = resumeAfter;
        // the subscription starts before the replay, so nothing published meanwhile is missed
        LiveFeed.Subscription subscription = feed.subscribe(CLIENT_BUFFER);
        return Multi.createFrom().<OutboundSseEvent>emitter(em -> {
            em.onTermination(subscription::close);
            Thread.ofVirtual().name("sse-client").start(() -> pump(em, subscription, after, actors, types, sse));
        }, CLIENT_BUFFER);
    }

    private void pump(MultiEmitter<? super OutboundSseEvent> em, LiveFeed.Subscription subscription, Long resumeAfter,
                      Set<String> actors, Set<String> types, Sse sse) {
        try {
            long last = resumeAfter == null ? -1 : replay(em, resumeAfter, actors, types, sse);
            while (!em.isCancelled()) {
                if (subscription.overflowed()) {
                    em.emit(sse.newEventBuilder().name("overflow").data("this client fell " + CLIENT_BUFFER
                            + " events behind; reconnect with Last-Event-ID to resume").build());
                    em.complete();
                    return;
                }
                LiveFeed.LiveEvent e = subscription.poll(HEARTBEAT);
                if (e == null) {
                    em.emit(sse.newEventBuilder().comment("keep-alive").build());
                } else if ((e.sequence() == null || e.sequence() > last) && LiveFeed.matches(e, actors, types)) {
                    em.emit(toSse(e, sse));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            em.complete();
        } catch (RuntimeException e) {
            LOG.warnf("stream ended: %s", e.toString());
            em.fail(e);
        } finally {
            subscription.close();
        }
    }

    /** Sends the stored events after {@code after} that match; returns the last sequence read. */
    private long replay(MultiEmitter<? super OutboundSseEvent> em, long after, Set<String> actors, Set<String> types, Sse sse) {
        long last = after;
        String cursor = Long.toString(after);
        while (cursor != null && !em.isCancelled()) {
            Forwarded page = backends.forward(Backend.INGEST, "GET", "/events", "after=" + cursor + "&limit=" + REPLAY_PAGE,
                    null, null, null).await().indefinitely();
            if (page.status() != 200) {
                throw new IllegalStateException("the event store answered " + page.status() + " while resuming");
            }
            JsonNode answer;
            try {
                answer = json.readTree(page.body());
            } catch (IOException e) {
                throw new IllegalStateException("the event store's page is not JSON", e);
            }
            for (JsonNode item : answer.path("items")) {
                LiveFeed.LiveEvent e = feed.toLive(item.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                if (e.sequence() != null) {
                    last = Math.max(last, e.sequence());
                }
                if (LiveFeed.matches(e, actors, types)) {
                    em.emit(toSse(e, sse));
                }
            }
            cursor = answer.hasNonNull("next") ? answer.get("next").asText() : null;
        }
        return last;
    }

    private static OutboundSseEvent toSse(LiveFeed.LiveEvent e, Sse sse) {
        var b = sse.newEventBuilder().name(e.type()).data(e.json());
        return (e.sequence() == null ? b : b.id(Long.toString(e.sequence()))).build();
    }
}
