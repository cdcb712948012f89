package io.multivector.trade.rest;

import io.multivector.events.catalogue.QuantityUnit;
import io.multivector.events.reference.ReferenceData;
import io.multivector.projection.rest.AnswerScope;
import io.multivector.platform.problem.Problem;
import io.multivector.platform.problem.ProblemException;
import io.multivector.platform.rest.Page;
import io.multivector.platform.rest.QueryParameters;
import io.multivector.trade.flow.service.FlowService;
import io.multivector.trade.readmodel.TradeQueries;
import io.multivector.trade.route.service.ExposureService;
import io.multivector.trade.route.service.RouteService;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

/** Trade flows, routes, shipments and the route exposure of exporters. */
@Path("/trade")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "trade", description = "Trade flows, partners, routes, shipments and route exposure")
public class TradeResource {

    private static final String HS = "[0-9]{4}([0-9]{2})?";
    private static final String SLUG = "[a-z0-9]+(-[a-z0-9]+)*";

    private final FlowService flows;
    private final RouteService routes;
    private final ExposureService exposure;
    private final TradeQueries queries;
    private final ReferenceData reference;

    public TradeResource(FlowService flows, RouteService routes, ExposureService exposure, TradeQueries queries, ReferenceData reference) {
        this.flows = flows;
        this.routes = routes;
        this.exposure = exposure;
        this.queries = queries;
        this.reference = reference;
    }

    @GET
    @Path("flows")
    @Operation(operationId = "listFlows", summary = "Bilateral flows per reporter, partner and period", description = "The latest report of each period; "
            + "figures a report did not give but its others determine are filled in and listed in `derived`.")
    public Page<FlowService.FlowView> flows(@QueryParam("reporter") @Parameter(example = "KZ") String reporter,
                                            @QueryParam("partner") @Parameter(example = "RU") String partner,
                                            @QueryParam("from") @Parameter(example = "2021") String from,
                                            @QueryParam("to") @Parameter(example = "2021") String to,
                                            @QueryParam("knownAt") @Parameter(description = QueryParameters.KNOWN_AT) String knownAt) {
        optionalActor("reporter", reporter);
        optionalActor("partner", partner);
        LocalDate start = QueryParameters.startOf("from", from);
        LocalDate end = QueryParameters.endOf("to", to);
        QueryParameters.checkRange(start, end);
        Instant known = QueryParameters.knownAt(knownAt);
        return Page.all(flows.flows(reporter, partner, start, end, known), known);
    }

    @GET
    @AnswerScope("reporter")
    @Path("partners/{reporter}")
    @Operation(operationId = "listTradePartners", summary = "A reporter's partners by share of its trade in a year")
    public Page<FlowService.PartnerShare> partners(@PathParam("reporter") @Parameter(example = "KZ") String reporter,
                                                   @QueryParam("year") @Parameter(example = "2021") String yearText,
                                                   @QueryParam("knownAt") @Parameter(description = QueryParameters.KNOWN_AT) String knownAt) {
        Integer year = QueryParameters.integer("year", yearText);
        QueryParameters.actor("path", "reporter", reporter, reference);
        if (year == null || year < 1000 || year > 9999) {
            throw QueryParameters.invalid("year", "is required: a four-digit year");
        }
        Instant known = QueryParameters.knownAt(knownAt);
        return Page.all(flows.partners(reporter, year, known), known);
    }

    @GET
    @Path("routes")
    @Operation(operationId = "listRoutes", summary = "Trade and energy routes with their current status and capacity")
    public Page<RouteService.Route> routes(@QueryParam("knownAt") @Parameter(description = QueryParameters.KNOWN_AT) String knownAt) {
        Instant known = QueryParameters.knownAt(knownAt);
        return Page.all(routes.routes(known), known);
    }

    @GET
    @Path("routes/{routeId}")
    @Operation(operationId = "getRoute", summary = "One route, with the history of its status and capacity")
    public RouteService.Route route(@PathParam("routeId") @Parameter(example = "cpc") String routeId,
                                    @QueryParam("knownAt") @Parameter(description = QueryParameters.KNOWN_AT) String knownAt) {
        return routes.route(routeId, QueryParameters.knownAt(knownAt)).orElseThrow(() -> new ProblemException(
                Problem.of(Response.Status.NOT_FOUND, "not-found", "no route '" + routeId + "' is registered")));
    }

    @GET
    @AnswerScope("exporter")
    @Path("exports/{exporter}/routes")
    @Operation(operationId = "getRouteExposure", summary = "Route exposure of an exporter's commodity", description = "Computed from shipments: volume and share by "
            + "route, share crossing each transit country, HHI over routes and its normalised form; shares a source reported are "
            + "shown beside them in `reported`, never mixed in. One unit per answer (`unit`, default the most used); "
            + "shipments in other units are listed in `otherUnits`.")
    public ExposureService.Exposure exposure(@PathParam("exporter") @Parameter(example = "KZ") String exporter,
                                             @QueryParam("commodity") @Parameter(example = "2709") String commodity,
                                             @QueryParam("from") String from, @QueryParam("to") String to,
                                             @QueryParam("unit") @Parameter(description = "bbl, t or m3") String unit,
                                             @QueryParam("knownAt") @Parameter(description = QueryParameters.KNOWN_AT) String knownAt) {
        QueryParameters.actor("path", "exporter", exporter, reference);
        if (commodity == null || !commodity.matches(HS)) {
            throw QueryParameters.invalid("commodity", "is required: an HS code of 4 or 6 digits, such as 2709");
        }
        if (unit != null && Arrays.stream(QuantityUnit.values()).noneMatch(u -> u.wireName().equals(unit))) {
            throw QueryParameters.invalid("unit", "must be bbl, t or m3");
        }
        LocalDate start = QueryParameters.startOf("from", from);
        LocalDate end = QueryParameters.endOf("to", to);
        QueryParameters.checkRange(start, end);
        return exposure.exposure(exporter, commodity, start, end, unit, QueryParameters.knownAt(knownAt));
    }

    @GET
    @Path("shipments")
    @Operation(operationId = "listShipments", summary = "Shipments, in the order they were recorded", description = "Keyset-paginated: pass `next` as `after`.")
    public Page<TradeQueries.Shipment> shipments(@QueryParam("exporter") String exporter, @QueryParam("importer") String importer,
                                                 @QueryParam("routeId") String routeId, @QueryParam("from") String from,
                                                 @QueryParam("to") String to, @QueryParam("after") String after,
                                                 @QueryParam("limit") String limit,
                                                 @QueryParam("knownAt") @Parameter(description = QueryParameters.KNOWN_AT) String knownAt) {
        optionalActor("exporter", exporter);
        optionalActor("importer", importer);
        if (routeId != null && !routeId.matches(SLUG)) {
            throw QueryParameters.invalid("routeId", "must be a route id such as cpc");
        }
        LocalDate start = QueryParameters.startOf("from", from);
        LocalDate end = QueryParameters.endOf("to", to);
        QueryParameters.checkRange(start, end);
        int size = QueryParameters.limit(limit, 500);
        Instant known = QueryParameters.knownAt(knownAt);
        List<TradeQueries.Shipment> rows = queries.shipments(new TradeQueries.ShipmentFilter(exporter, importer, null, routeId, start, end),
                QueryParameters.after(after), size + 1, known);
        boolean more = rows.size() > size;
        List<TradeQueries.Shipment> shown = more ? rows.subList(0, size) : rows;
        return Page.page(shown, more ? Long.toString(shown.getLast().sequence()) : null, known);
    }

    private void optionalActor(String name, String code) {
        if (code != null) {
            QueryParameters.actor("query", name, code, reference);
        }
    }
}
