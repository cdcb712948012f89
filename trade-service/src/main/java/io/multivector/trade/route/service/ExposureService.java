package io.multivector.trade.route.service;

import io.multivector.projection.readmodel.PeriodCover;
import io.multivector.trade.readmodel.TradeQueries;
import io.multivector.trade.readmodel.TradeQueries.Registration;
import io.multivector.trade.readmodel.TradeQueries.RouteTotal;
import io.multivector.platform.rest.QueryParameters;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * How an exporter's shipments of a commodity spread over routes: volume and share per route, the
 * share of volume crossing each transit country (the route's transit list when the shipment was
 * made), and the Herfindahl-Hirschman index over routes. Quantities in different units are never
 * added: the answer is in one unit, and the others are listed apart. Volume shipped without a
 * known route counts in the total but not in the shares, which are of the routed volume.
 */
@ApplicationScoped
public class ExposureService {

    public record RouteVolume(String routeId, BigDecimal volume, double share) {
    }

    public record TransitShare(String actor, double share) {
    }

    public record OtherUnit(String unit, BigDecimal totalVolume, int shipments) {
    }

    public record Exposure(String exporter, String commodity, String from, String to, Instant knownAt, BigDecimal totalVolume, String unit,
                           int shipments, BigDecimal unroutedVolume, List<RouteVolume> routes, List<TransitShare> transit,
                           Double hhi, Double hhiNormalized, List<TradeQueries.ReportedShare> reported, List<OtherUnit> otherUnits) {
    }

    private final TradeQueries queries;

    public ExposureService(TradeQueries queries) {
        this.queries = queries;
    }

    /** Bounds of a window left open: every date an event can carry. */
    private static final LocalDate OPEN_START = LocalDate.of(1, 1, 1);
    private static final LocalDate OPEN_END = LocalDate.of(9999, 12, 31);

    /**
     * From the running totals per route: a few rows per route and range of the window (one per route when the window
     * is open at its start and ends today), and for a route whose registrations changed its transit countries, a few
     * more per registration.
     *
     * @param unit the unit to answer in; by default the one most shipments use
     */
    public Exposure exposure(String exporter, String commodity, LocalDate from, LocalDate to, String unit, Instant knownAt) {
        LocalDate start = from == null ? OPEN_START : from;
        LocalDate end = to == null ? OPEN_END : to;
        Map<String, List<RouteTotal>> byUnit = queries.routeTotals(exporter, commodity,
                        PeriodCover.window(start, end), knownAt).stream()
                .collect(Collectors.groupingBy(RouteTotal::unit, TreeMap::new, Collectors.toList()));
        String chosen = unit != null ? unit : byUnit.entrySet().stream()
                .max(Comparator.<Map.Entry<String, List<RouteTotal>>>comparingInt(e -> count(e.getValue()))
                        .thenComparing(Map.Entry::getKey, Comparator.reverseOrder()))
                .map(Map.Entry::getKey).orElse(null);
        List<RouteTotal> inUnit = chosen == null ? List.of() : byUnit.getOrDefault(chosen, List.of());
        List<OtherUnit> others = byUnit.entrySet().stream().filter(e -> !e.getKey().equals(chosen))
                .map(e -> new OtherUnit(e.getKey(), sum(e.getValue()), count(e.getValue()))).toList();

        Map<String, List<Registration>> registrations = queries.registrationsOf(inUnit.stream().map(RouteTotal::routeId)
                        .filter(r -> !r.isEmpty()).collect(Collectors.toSet()), knownAt).stream()
                .collect(Collectors.groupingBy(Registration::routeId));
        Map<String, BigDecimal> byRoute = new TreeMap<>();
        Map<String, BigDecimal> byTransit = new TreeMap<>();
        BigDecimal unrouted = BigDecimal.ZERO;
        List<TradeQueries.RouteStretch> stretches = new ArrayList<>();
        List<Registration> stretchRegistrations = new ArrayList<>();
        for (RouteTotal s : inUnit) {
            if (s.routeId().isEmpty()) {
                unrouted = unrouted.add(s.quantity());
                continue;
            }
            byRoute.merge(s.routeId(), s.quantity(), BigDecimal::add);
            List<Registration> regs = registrations.get(s.routeId());
            if (regs == null) {
                continue;
            }
            List<Segment> segments = segments(regs, start, end);
            if (segments.stream().map(g -> g.registration().transit()).distinct().count() == 1) {
                segments.getFirst().registration().transit().forEach(c -> byTransit.merge(c, s.quantity(), BigDecimal::add));
                continue;
            }
            for (Segment g : segments) {
                stretches.add(new TradeQueries.RouteStretch(s.routeId(), PeriodCover.window(g.from(), g.to())));
                stretchRegistrations.add(g.registration());
            }
        }
        if (!stretches.isEmpty()) {
            // routes whose transit changed inside the window: the volume of each stretch, all in one query
            List<BigDecimal> volumes = queries.stretchTotals(exporter, commodity, chosen, stretches, knownAt);
            for (int i = 0; i < volumes.size(); i++) {
                BigDecimal volume = volumes.get(i);
                if (volume.signum() != 0) {
                    stretchRegistrations.get(i).transit().forEach(c -> byTransit.merge(c, volume, BigDecimal::add));
                }
            }
        }
        BigDecimal routed = byRoute.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        List<RouteVolume> routes = byRoute.entrySet().stream()
                .map(e -> new RouteVolume(e.getKey(), e.getValue(), share(e.getValue(), routed)))
                .sorted(Comparator.comparing(RouteVolume::volume).reversed().thenComparing(RouteVolume::routeId)).toList();
        List<TransitShare> transit = byTransit.entrySet().stream()
                .map(e -> new TransitShare(e.getKey(), share(e.getValue(), routed)))
                .sorted(Comparator.comparingDouble(TransitShare::share).reversed().thenComparing(TransitShare::actor)).toList();
        Double hhi = null;
        Double normalized = null;
        if (!routes.isEmpty()) {
            double h = 0;
            for (RouteVolume r : routes) {
                double s = r.volume().divide(routed, MathContext.DECIMAL64).doubleValue();
                h += s * s;
            }
            int n = routes.size();
            hhi = round(h);
            normalized = n == 1 ? 1.0 : round((h - 1.0 / n) / (1 - 1.0 / n));
        }
        return new Exposure(exporter, commodity, from == null ? null : from.toString(), to == null ? null : to.toString(),
                QueryParameters.knownAtUsed(knownAt),
                sum(inUnit), chosen, count(inUnit), unrouted, routes, transit, hhi, normalized,
                queries.reportedShares(exporter, commodity, from == null ? LocalDate.of(1, 1, 1) : from,
                        to == null ? LocalDate.of(9999, 12, 31) : to, knownAt), others);
    }

    /** A stretch of days on which one registration of a route is in effect ({@link RouteService#asOf}), within a window. */
    private record Segment(LocalDate from, LocalDate to, Registration registration) {
    }

    /**
     * The window split where the route's transit changes: before its first registration date the first
     * registration; from each date on, the last registration of that date, a stretch going on over registrations
     * that keep its transit (each would otherwise be summed on its own, for the same countries). {@code regs} in
     * date order.
     */
    private static List<Segment> segments(List<Registration> regs, LocalDate start, LocalDate end) {
        List<Segment> out = new ArrayList<>();
        LocalDate firstDate = regs.getFirst().occurred();
        if (start.isBefore(firstDate)) {
            out.add(new Segment(start, min(end, firstDate.minusDays(1)), regs.getFirst()));
        }
        for (int i = 0; i < regs.size(); i++) {
            Registration r = regs.get(i);
            if (i + 1 < regs.size() && regs.get(i + 1).occurred().equals(r.occurred())) {
                continue; // a later registration of the same day wins
            }
            LocalDate segmentEnd = i + 1 < regs.size() ? regs.get(i + 1).occurred().minusDays(1) : end;
            LocalDate from = r.occurred().isAfter(start) ? r.occurred() : start;
            LocalDate to = min(segmentEnd, end);
            if (from.isAfter(to)) {
                continue;
            }
            Segment last = out.isEmpty() ? null : out.getLast();
            if (last != null && last.registration().transit().equals(r.transit())) {
                out.set(out.size() - 1, new Segment(last.from(), to, last.registration()));
            } else {
                out.add(new Segment(from, to, r));
            }
        }
        return out;
    }

    private static LocalDate min(LocalDate a, LocalDate b) {
        return a.isBefore(b) ? a : b;
    }

    private static BigDecimal sum(List<RouteTotal> totals) {
        return totals.stream().map(RouteTotal::quantity).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    private static int count(List<RouteTotal> totals) {
        return totals.stream().mapToInt(RouteTotal::shipments).sum();
    }

    private static double share(BigDecimal part, BigDecimal whole) {
        return whole.signum() == 0 ? 0 : round(part.divide(whole, MathContext.DECIMAL64).doubleValue());
    }

    private static double round(double d) {
        return Math.round(d * 1_000_000d) / 1_000_000d;
    }
}
