package io.multivector.ingest.store.rest;

import io.multivector.events.Event;
import io.multivector.events.EventCodec;
import io.multivector.events.InvalidEventException;
import io.multivector.events.NdjsonLines;
import io.multivector.events.Violation;
import io.multivector.events.catalogue.EventType;
import io.multivector.events.reference.ReferenceData;
import io.multivector.ingest.store.config.StoreConfig;
import io.multivector.ingest.store.repository.RecordedEvent;
import io.multivector.ingest.store.service.EventAppender;
import io.multivector.ingest.store.service.EventReader;
import io.multivector.platform.problem.Problem;
import io.multivector.platform.problem.ProblemException;
import io.multivector.platform.rest.QueryParameters;
import io.multivector.platform.security.GatewayCaller;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import io.multivector.ingest.store.service.Correlation;
import io.multivector.platform.rest.RequestCorrelation;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The event store's API: append events, read them back. */
@Path("/events")
@Tag(name = "events", description = "Append sourced events to the store of record and read them back")
public class EventResource {

    static final String NDJSON = "application/x-ndjson";
    private static final String EXAMPLE = """
            {"id":"0193a3c2-7d1e-7c3a-9f55-2b1d0c4e8a11","type":"treaty.signed","data":{"occurredOn":"2015-12-21",\
            "treatyId":"eu-kz-epca-2015","title":"Enhanced Partnership and Cooperation Agreement","kind":"partnership",\
            "parties":["KZ","EU"],"place":"Astana","sources":[{"ref":"001_ef063ab84040d3ce.txt","note":"signed in Astana, December 2015"}]}}""";

    /** For generated clients, which otherwise read nothing from an answer without a schema. */
    private static final String STORED_EVENT = "a stored CloudEvent: id, source, type, subject (the stream), time, datacontenttype, "
            + "dataschema, sequence, streamversion and data";

    private final EventAppender appender;
    private final EventReader reader;
    private final EventCodec codec;
    private final ReferenceData reference;
    private final StoreConfig config;

    public EventResource(EventAppender appender, EventReader reader, EventCodec codec, ReferenceData reference, StoreConfig config) {
        this.appender = appender;
        this.reader = reader;
        this.codec = codec;
        this.reference = reference;
        this.config = config;
    }

    @POST
    @Consumes({MediaType.APPLICATION_JSON, Event.CONTENT_TYPE})
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "appendEvent", summary = "Append one event", description = "Stores a CloudEvent. Supplying `id` makes retries idempotent: the same id "
            + "with the same content answers 200 with the original result; with different content, 409. `If-Match` with the "
            + "stream's expected version gives optimistic concurrency (412 on mismatch). Nothing is stored on any error.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT),
            examples = @ExampleObject(name = "treaty", value = EXAMPLE)))
    @APIResponse(responseCode = "201", description = "stored; Location names it")
    @APIResponse(responseCode = "200", description = "already stored with this id and content")
    @APIResponse(responseCode = "400", description = "invalid event; errors[].pointer names each field", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "409", description = "this id is stored with different content", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "412", description = "the stream is not at the If-Match version", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "413", description = "body too large", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Uni<Response> appendOne(byte[] body,
                              @Parameter(description = "expected current version of the event's stream (0: no events yet)")
                              @HeaderParam("If-Match") String ifMatch, @Context HttpHeaders headers) {
        if (body.length > config.maxEventBytes()) {
            throw tooLarge("an event may be at most " + config.maxEventBytes() + " bytes; send batches as " + NDJSON);
        }
        Long expected = expectedVersion(ifMatch);
        return appender.appendOne(codec.decode(body), expected, correlation(headers))
                .map(a -> Response.status(a.created() ? Response.Status.CREATED : Response.Status.OK)
                        .location(URI.create("/events/" + a.id()))
                        .entity(AppendResponse.Single.of(a)).build());
    }

    @POST
    @Consumes(NDJSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "appendEvents", summary = "Append a batch of events (NDJSON)", description = "One CloudEvent per line, at most 10,000 lines. "
            + "The batch is validated whole and stored in one transaction: all or nothing. Errors point at /lines/<i>/...")
    @APIResponse(responseCode = "201", description = "stored; results[] in line order")
    @APIResponse(responseCode = "200", description = "every line was already stored")
    @APIResponse(responseCode = "400", description = "some line is invalid; nothing stored", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "413", description = "too many lines or bytes", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @Blocking // decoding 10,000 lines is too long for the event loop; the wait for the commit holds no thread
    public Uni<Response> appendBatch(byte[] body, @HeaderParam("If-Match") String ifMatch, @Context HttpHeaders headers) {
        if (ifMatch != null) {
            throw new ProblemException(Problem.invalid("If-Match applies to a single event, not to a batch",
                    List.of(new Violation("/headers/If-Match", "not allowed on a batch"))));
        }
        if (body.length > config.maxBatchBytes()) {
            throw tooLarge("a batch may be at most " + config.maxBatchBytes() + " bytes");
        }
        List<NdjsonLines.Line> lines = NdjsonLines.split(body);
        if (lines.size() > config.maxBatchLines()) {
            throw tooLarge("a batch may hold at most " + config.maxBatchLines() + " lines");
        }
        List<Event> events = new ArrayList<>(lines.size());
        List<Violation> violations = new ArrayList<>();
        for (NdjsonLines.Line line : lines) {
            try {
                events.add(codec.decode(line.json()));
            } catch (InvalidEventException e) {
                String prefix = "/lines/" + line.index();
                e.violations().forEach(v -> violations.add(v.under(prefix)));
                events.add(null); // keeps the line count; the batch is refused below
            }
        }
        if (!violations.isEmpty()) {
            throw new ProblemException(Problem.invalid(violations.getFirst().pointer() + ": " + violations.getFirst().message()
                    + "; nothing was stored", violations.size() > 100 ? violations.subList(0, 100) : violations));
        }
        if (events.isEmpty()) {
            throw new ProblemException(Problem.invalid("the batch holds no events", List.of(new Violation("", "no events"))));
        }
        return appender.appendBatch(events, correlation(headers)).map(appended -> {
            AppendResponse.Batch batch = AppendResponse.Batch.of(appended);
            return Response.status(batch.created() > 0 ? Response.Status.CREATED : Response.Status.OK).entity(batch).build();
        });
    }

    @GET
    @Path("{id}")
    @Produces({Event.CONTENT_TYPE, MediaType.APPLICATION_JSON})
    @Operation(operationId = "getEvent", summary = "One stored event", description = "The CloudEvent exactly as it was published, with time, sequence and "
            + "streamversion. To an admin the answer also says who wrote it, in headers beside the unchanged event: `"
            + GatewayCaller.RECORDED_BY + "`, the name of the API key (never the key), and `" + GatewayCaller.RECORDED_REQUEST_ID
            + "`, the request it came with (each absent when it was not recorded).")
    @APIResponse(responseCode = "200", description = "the event", content = {
            @Content(mediaType = Event.CONTENT_TYPE, schema = @Schema(type = SchemaType.OBJECT, description = STORED_EVENT)),
            @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT, description = STORED_EVENT))},
            headers = {
            @Header(name = GatewayCaller.RECORDED_BY, description = "admins only: the name of the key that wrote the event",
                    schema = @Schema(type = SchemaType.STRING)),
            @Header(name = GatewayCaller.RECORDED_REQUEST_ID, description = "admins only: the request id it was written with",
                    schema = @Schema(type = SchemaType.STRING))})
    @APIResponse(responseCode = "404", description = "no event has this id", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response byId(@PathParam("id") String id, @HeaderParam(GatewayCaller.ROLE) @Parameter(hidden = true) String callerRole) {
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(Problem.invalid("'" + clip(id) + "' is not a UUID", List.of(new Violation("/path/id", "must be a UUID"))));
        }
        boolean admin = GatewayCaller.ADMIN.equals(callerRole);
        RecordedEvent stored = reader.byId(uuid).orElseThrow(() -> new ProblemException(
                Problem.of(Response.Status.NOT_FOUND, "not-found", "no event has id " + uuid)));
        Response.ResponseBuilder answer = Response.ok(stored.envelope.getBytes(StandardCharsets.UTF_8));
        if (admin) { // beside the event, not in it: the CloudEvent stays what was published
            answer.header(GatewayCaller.RECORDED_BY, stored.writtenBy).header(GatewayCaller.RECORDED_REQUEST_ID, stored.requestId);
        }
        return answer.build();
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "listEvents", summary = "List events", description = "Stored events in sequence order, filtered by actor, type, the dates they "
            + "happened (`from` counts from the first day of the period it names, `to` to its last) and when they were recorded "
            + "(`recordedFrom`, `recordedTo`: what changed between two `knownAt`s of the read models, retractions included). "
            + "Keyset-paginated: pass `next` as `after`.")
    @APIResponse(responseCode = "200", description = "{items, next}")
    public Response list(@QueryParam("actor") @Parameter(description = "an actor code the event names, e.g. KZ") String actor,
                         @QueryParam("type") @Parameter(description = "an event type, e.g. treaty.signed") String type,
                         @QueryParam("from") @Parameter(description = "YYYY, YYYY-MM or YYYY-MM-DD") String from,
                         @QueryParam("to") @Parameter(description = "YYYY, YYYY-MM or YYYY-MM-DD") String to,
                         @QueryParam("recordedFrom") @Parameter(description = "recorded at or after: an RFC 3339 instant, or a date"
                                 + " (from the start of its first day UTC)") String recordedFrom,
                         @QueryParam("recordedTo") @Parameter(description = "recorded at or before: an RFC 3339 instant, or a date"
                                 + " (to the end of its last day UTC)") String recordedTo,
                         @QueryParam("after") String after,
                         @QueryParam("limit") String limit) {
        if (actor != null && !reference.isKnown(actor)) {
            throw QueryParameters.invalid("actor", "'" + clip(actor) + "' is not a known actor code");
        }
        if (type != null && EventType.ofName(type).isEmpty()) {
            throw QueryParameters.invalid("type", "'" + clip(type) + "' is not an event type of the catalogue");
        }
        LocalDate fromDay = QueryParameters.startOf("from", from);
        LocalDate toDay = QueryParameters.endOf("to", to);
        QueryParameters.checkRange(fromDay, toDay);
        Instant recordedStart = QueryParameters.instant("recordedFrom", recordedFrom, false);
        Instant recordedEnd = QueryParameters.instant("recordedTo", recordedTo, true);
        if (recordedStart != null && recordedEnd != null && recordedEnd.isBefore(recordedStart)) {
            throw QueryParameters.invalid("recordedTo", "must not be before recordedFrom");
        }
        EventReader.Page page = reader.list(new RecordedEvent.Filter(actor, type, fromDay, toDay, recordedStart, recordedEnd), QueryParameters.after(after),
                QueryParameters.limit(limit, config.maxPageSize()));
        return Response.ok(pageJson(page)).build();
    }

    /** The page as JSON, embedding the stored envelopes as they are. */
    static String pageJson(EventReader.Page page) {
        StringBuilder s = new StringBuilder(256 + page.envelopes().stream().mapToInt(String::length).sum());
        s.append("{\"items\":[");
        for (int i = 0; i < page.envelopes().size(); i++) {
            if (i > 0) {
                s.append(',');
            }
            s.append(page.envelopes().get(i));
        }
        s.append("],\"next\":").append(page.next() == null ? "null" : "\"" + page.next() + "\"").append('}');
        return s.toString();
    }

    private static Long expectedVersion(String ifMatch) {
        if (ifMatch == null) {
            return null;
        }
        String v = ifMatch.trim();
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
            v = v.substring(1, v.length() - 1);
        }
        if (!v.matches("[0-9]{1,18}")) {
            throw new ProblemException(Problem.invalid("If-Match must be the expected stream version, a number",
                    List.of(new Violation("/headers/If-Match", "must be a stream version such as \"3\""))));
        }
        return Long.parseLong(v);
    }

    /** The request id is set on every request by the platform's RequestCorrelation filter, the trace by OpenTelemetry's server span. */
    private static Correlation correlation(HttpHeaders headers) {
        return Correlation.ofCurrentTrace(headers.getHeaderString(RequestCorrelation.REQUEST_ID), headers.getHeaderString(GatewayCaller.KEY_NAME));
    }

    private static ProblemException tooLarge(String detail) {
        return new ProblemException(Problem.of(413, "payload-too-large", "Content Too Large", detail));
    }

    private static String clip(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
