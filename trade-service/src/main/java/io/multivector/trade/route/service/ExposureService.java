package io.multivector.trade.route.service;

import io.multivector.trade.readmodel.TradeQueries;
import io.multivector.trade.readmodel.TradeQueries.Registration;
import io.multivector.trade.readmodel.TradeQueries.ShipmentTotal;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.LocalDate;
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

    public record Exposure(String exporter, String commodity, String from, String to, BigDecimal totalVolume, String unit,
                           int shipments, BigDecimal unroutedVolume, List<RouteVolume> routes, List<TransitShare> transit,
                           Double hhi, Double hhiNormalized, List<TradeQueries.ReportedShare> reported, List<OtherUnit> otherUnits) {
    }

    private final TradeQueries queries;

    public ExposureService(TradeQueries queries) {
        this.queries = queries;
    }

    /** @param unit the unit to answer in; by default the one most shipments use */
    public Exposure exposure(String exporter, String commodity, LocalDate from, LocalDate to, String unit) {
        // summed per unit, route and day in the database: the answer needs no single shipment
        Map<String, List<ShipmentTotal>> byUnit = queries.shipmentTotals(exporter, commodity, from, to).stream()
                .collect(Collectors.groupingBy(ShipmentTotal::unit, TreeMap::new, Collectors.toList()));
        String chosen = unit != null ? unit : byUnit.entrySet().stream()
                .max(Comparator.<Map.Entry<String, List<ShipmentTotal>>>comparingInt(e -> count(e.getValue()))
                        .thenComparing(Map.Entry::getKey, Comparator.reverseOrder()))
                .map(Map.Entry::getKey).orElse(null);
        List<ShipmentTotal> inUnit = chosen == null ? List.of() : byUnit.getOrDefault(chosen, List.of());
        List<OtherUnit> others = byUnit.entrySet().stream().filter(e -> !e.getKey().equals(chosen))
                .map(e -> new OtherUnit(e.getKey(), sum(e.getValue()), count(e.getValue()))).toList();

        Map<String, List<Registration>> registrations = queries.registrationsOf(inUnit.stream().map(ShipmentTotal::routeId)
                        .filter(java.util.Objects::nonNull).collect(Collectors.toSet())).stream()
                .collect(Collectors.groupingBy(Registration::routeId));
        Map<String, BigDecimal> byRoute = new TreeMap<>();
        Map<String, BigDecimal> byTransit = new TreeMap<>();
        BigDecimal unrouted = BigDecimal.ZERO;
        for (ShipmentTotal s : inUnit) {
            if (s.routeId() == null) {
                unrouted = unrouted.add(s.quantity());
                continue;
            }
            byRoute.merge(s.routeId(), s.quantity(), BigDecimal::add);
            List<Registration> regs = registrations.get(s.routeId());
            if (regs != null) {
                for (String country : RouteService.asOf(regs, s.occurred()).transit()) {
                    byTransit.merge(country, s.quantity(), BigDecimal::add);
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
                sum(inUnit), chosen, count(inUnit), unrouted, routes, transit, hhi, normalized,
                queries.reportedShares(exporter, commodity, from == null ? LocalDate.of(1, 1, 1) : from,
                        to == null ? LocalDate.of(9999, 12, 31) : to), others);
    }

    private static BigDecimal sum(List<ShipmentTotal> totals) {
        return totals.stream().map(ShipmentTotal::quantity).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    private static int count(List<ShipmentTotal> totals) {
        return totals.stream().mapToInt(ShipmentTotal::shipments).sum();
    }

    private static double share(BigDecimal part, BigDecimal whole) {
        return whole.signum() == 0 ? 0 : round(part.divide(whole, MathContext.DECIMAL64).doubleValue());
    }

    private static double round(double d) {
        return Math.round(d * 1_000_000d) / 1_000_000d;
    }
}
