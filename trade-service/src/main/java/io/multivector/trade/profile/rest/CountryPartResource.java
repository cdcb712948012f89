package io.multivector.trade.profile.rest;

import io.multivector.projection.rest.AnswerScope;
import io.multivector.platform.rest.QueryParameters;
import io.multivector.events.reference.ReferenceData;
import io.multivector.trade.flow.service.FlowService;
import io.multivector.trade.route.service.ExposureService;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * The trade read model's part of a country profile in one call, which the gateway composes with the relations
 * part ({@code GET /countries/{code}/profile} is the public path): not in the public contract, so hidden.
 */
@Path("/countries")
@Produces(MediaType.APPLICATION_JSON)
public class CountryPartResource {

    /** HS heading of crude petroleum: the exposure the profile shows. */
    static final String CRUDE_OIL = "2709";
    /** Years to look back for the latest trade figures before the as-of date. */
    static final int TRADE_LOOKBACK_YEARS = 3;
    static final int TOP_PARTNERS = 5;

    public record TradePart(String code, Instant knownAt, int tradeYear, List<FlowService.PartnerShare> topTradePartners,
                            ExposureService.Exposure crudeOilExposure) {
    }

    private final ReferenceData reference;
    private final FlowService flows;
    private final ExposureService exposure;

    public CountryPartResource(ReferenceData reference, FlowService flows, ExposureService exposure) {
        this.reference = reference;
        this.flows = flows;
        this.exposure = exposure;
    }

    @GET
    @AnswerScope("code")
    @Path("{code}/trade-part")
    @Operation(hidden = true)
    public TradePart part(@PathParam("code") String code, @QueryParam("asOf") String asOfText,
                          @QueryParam("knownAt") String knownAtText) {
        QueryParameters.actor("path", "code", code, reference);
        LocalDate asOf = QueryParameters.asOf(asOfText);
        Instant knownAt = QueryParameters.knownAt(knownAtText);
        // the latest year up to the as-of year that has figures
        FlowService.YearShares latest = flows.latestPartners(code, asOf.getYear(), TRADE_LOOKBACK_YEARS, knownAt);
        List<FlowService.PartnerShare> top = latest.shares().subList(0, Math.min(TOP_PARTNERS, latest.shares().size()));
        return new TradePart(code, QueryParameters.knownAtUsed(knownAt), latest.year(), top,
                exposure.exposure(code, CRUDE_OIL, null, asOf, null, knownAt));
    }
}
