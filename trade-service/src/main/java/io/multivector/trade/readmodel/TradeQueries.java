package io.multivector.trade.readmodel;

import io.agroal.api.AgroalDataSource;
import io.multivector.projection.readmodel.PeriodCover;
import io.multivector.projection.readmodel.ServingReads;
import io.multivector.projection.runtime.ProjectionRuntime;
import io.multivector.projection.runtime.RunningTotals;
import io.multivector.trade.projection.TradeProjection;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Reads of the serving generation of the trade read model. */
@ApplicationScoped
public class TradeQueries {

    public record Flow(String reporter, String partner, String period, LocalDate periodStart, LocalDate periodEnd,
                       BigDecimal exportsUsd, BigDecimal importsUsd, BigDecimal totalUsd, BigDecimal balanceUsd, List<String> derived) {
    }

    public record Registration(long sequence, String routeId, String name, String kind, String origin, String destination,
                               List<String> transit, BigDecimal lengthKm, BigDecimal capacity, String capacityUnit, String operator,
                               String status, LocalDate occurred, String occurredText) {
    }

    public record StatusChange(long sequence, String routeId, String status, BigDecimal capacity, LocalDate occurred, String occurredText) {
    }

    public record Shipment(long sequence, String exporter, String importer, String commodity, BigDecimal quantity, String unit,
                           BigDecimal valueUsd, String routeId, LocalDate occurred, String occurredOn) {
    }

    public record ReportedShare(String dimension, String key, BigDecimal share, String period) {
    }

    /** Filters of the shipment listing; null means any. */
    public record ShipmentFilter(String exporter, String importer, String commodity, String routeId, LocalDate from, LocalDate to) {
    }

    private final ServingReads reads;
    private final RunningTotals shipmentTotals;

    public TradeQueries(AgroalDataSource dataSource, ProjectionRuntime runtime, TradeProjection projection) {
        this.reads = new ServingReads(dataSource, runtime, TradeProjection.NAME);
        this.shipmentTotals = projection.totalsOf("shipment_total");
    }

    /**
     * Where a read of the shipment totals reads them ({@link RunningTotals#read}), its arguments added to {@code args}:
     * the table, or as known at a time the contributions of the exporter's shipments of the commodity.
     */
    private String shipmentTotals(Instant knownAt, List<Object> args, String exporter, String commodity) {
        RunningTotals.Read from = shipmentTotals.read(knownAt, "(select event_id from ${schema}.shipment where exporter = ? and commodity = ?)",
                List.of(exporter, commodity));
        args.addAll(from.args());
        return from.relation();
    }

    /**
     * Flows, the latest report of each reporter, partner and period; periods overlapping [from, to]. A report covers a
     * year or a month (the catalogue), so one ending on or after {@code from} starts at most 366 days before it: that
     * bound lets the index on (reporter, period_start) read the window's reports only, not the reporter's whole history
     * before {@code to} (at 1,000,000 events a busy reporter's three latest years were 186 of 5,514 rows read).
     */
    public List<Flow> flows(String reporter, String partner, LocalDate from, LocalDate to, Instant knownAt) {
        ServingReads.Filters where = new ServingReads.Filters().and("reporter = ?", reporter).and("partner = ?", partner)
                .and("period_end >= ?", from).and("period_start >= ?", from == null ? null : from.minusDays(366))
                .and("period_start <= ?", to);
        String sql = "select distinct on (reporter, partner, period) reporter, partner, period, period_start,"
                + " period_end, exports_usd, imports_usd, total_usd, balance_usd, exports_derived, imports_derived, total_derived,"
                + " balance_derived from ${schema}.trade_report where true" + where.sql()
                + " order by reporter, partner, period, sequence desc";
        return reads.query(sql, where.args(), rs -> {
            List<String> derived = new ArrayList<>();
            String[] names = {"exportsUsd", "importsUsd", "totalUsd", "balanceUsd"};
            for (int i = 0; i < 4; i++) {
                if (rs.getBoolean(10 + i)) {
                    derived.add(names[i]);
                }
            }
            return new Flow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getObject(4, LocalDate.class),
                    rs.getObject(5, LocalDate.class), rs.getBigDecimal(6), rs.getBigDecimal(7), rs.getBigDecimal(8),
                    rs.getBigDecimal(9), derived);
        }, knownAt);
    }

    public List<Registration> registrations(String routeId, Instant knownAt) {
        return reads.query("select sequence, route_id, name, kind, origin, destination, transit, length_km, capacity, capacity_unit,"
                + " operator, status, occurred, occurred_text from ${schema}.route_registration"
                + (routeId == null ? "" : " where route_id = ?") + " order by route_id, occurred, sequence",
                routeId == null ? List.of() : List.of(routeId), TradeQueries::registration, knownAt);
    }

    /** The registrations of these routes, in the order {@link #registrations} gives. */
    public List<Registration> registrationsOf(java.util.Collection<String> routeIds, Instant knownAt) {
        if (routeIds.isEmpty()) {
            return List.of();
        }
        return reads.query("select sequence, route_id, name, kind, origin, destination, transit, length_km, capacity, capacity_unit,"
                + " operator, status, occurred, occurred_text from ${schema}.route_registration where route_id = any(?)"
                + " order by route_id, occurred, sequence", List.of((Object) routeIds.toArray(String[]::new)), TradeQueries::registration,
                knownAt);
    }

    private static Registration registration(ResultSet rs) throws SQLException {
        return new Registration(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), Arrays.asList((String[]) rs.getArray(7).getArray()), rs.getBigDecimal(8),
                rs.getBigDecimal(9), rs.getString(10), rs.getString(11), rs.getString(12),
                rs.getObject(13, LocalDate.class), rs.getString(14));
    }

    /** An exporter's shipped quantity of a commodity in one unit on one route ('' when unknown), and how many shipments. */
    public record RouteTotal(String unit, String routeId, BigDecimal quantity, int shipments) {
    }

    /**
     * The shipments of an exporter's commodity over {@code window}, summed per unit and route from the running totals
     * (a few rows per route and range of the window).
     */
    public List<RouteTotal> routeTotals(String exporter, String commodity, List<PeriodCover.Range> window, Instant knownAt) {
        List<Object> args = new ArrayList<>(PeriodCover.args(PeriodCover.asKnownAt(window, knownAt)));
        String totals = shipmentTotals(knownAt, args, exporter, commodity);
        args.addAll(List.of(exporter, commodity));
        return reads.query("select t.unit, t.route_id, sum(r.sign * t.quantity), sum(r.sign * t.shipments) from "
                        + PeriodCover.rowsOf(totals, "unit, route_id, quantity, shipments", "t.exporter = ? and t.commodity = ?")
                        + " group by 1, 2 having sum(r.sign * t.shipments) > 0",
                args, rs -> new RouteTotal(rs.getString(1), rs.getString(2), rs.getBigDecimal(3), rs.getInt(4)), knownAt);
    }

    /** A route over part of a window: the stretch on which one of its registrations is in effect. */
    public record RouteStretch(String routeId, List<PeriodCover.Range> window) {
    }

    /** The shipped quantity in {@code unit} of each stretch, in the order given: one query for all of them. */
    public List<BigDecimal> stretchTotals(String exporter, String commodity, String unit, List<RouteStretch> stretches, Instant knownAt) {
        List<String> index = new ArrayList<>();
        List<String> routes = new ArrayList<>();
        List<PeriodCover.Range> ranges = new ArrayList<>();
        for (int i = 0; i < stretches.size(); i++) {
            for (PeriodCover.Range r : PeriodCover.asKnownAt(stretches.get(i).window(), knownAt)) {
                index.add(Integer.toString(i));
                routes.add(stretches.get(i).routeId());
                ranges.add(r);
            }
        }
        List<Object> args = new ArrayList<>(List.of(index.toArray(String[]::new), routes.toArray(String[]::new)));
        args.addAll(PeriodCover.args(ranges));
        String totals = shipmentTotals(knownAt, args, exporter, commodity);
        args.addAll(List.of(exporter, commodity, unit));
        BigDecimal[] out = new BigDecimal[stretches.size()];
        java.util.Arrays.fill(out, BigDecimal.ZERO);
        // a lookup per range, fenced as PeriodCover.rowsOf explains
        reads.query("select r.i, sum(r.sign * t.quantity)"
                        + " from unnest(?::text[]::int[], ?::text[], ?::text[], ?::text[]::date[], ?::text[]::date[], ?::text[]::int[])"
                        + " r(i, route_id, grain, first, last, sign) cross join lateral (select quantity from " + totals + " t"
                        + " where t.exporter = ? and t.commodity = ? and t.unit = ? and t.route_id = r.route_id and t.grain = r.grain"
                        + " and t.period between r.first and r.last offset 0) t group by r.i", args,
                rs -> out[rs.getInt(1)] = rs.getBigDecimal(2), knownAt);
        return List.of(out);
    }

    public List<StatusChange> statusChanges(String routeId, Instant knownAt) {
        return reads.query("select sequence, route_id, status, capacity, occurred, occurred_text from ${schema}.route_status"
                + (routeId == null ? "" : " where route_id = ?") + " order by route_id, occurred, sequence",
                routeId == null ? List.of() : List.of(routeId),
                rs -> new StatusChange(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getBigDecimal(4),
                        rs.getObject(5, LocalDate.class), rs.getString(6)), knownAt);
    }

    /** Shipments in sequence order after a cursor. */
    public List<Shipment> shipments(ShipmentFilter f, long afterSequence, int limit, Instant knownAt) {
        ServingReads.Filters where = new ServingReads.Filters().and("sequence > ?", afterSequence).and("exporter = ?", f.exporter())
                .and("importer = ?", f.importer()).and("commodity = ?", f.commodity()).and("route_id = ?", f.routeId())
                .and("occurred >= ?", f.from()).and("occurred <= ?", f.to());
        List<Object> args = new ArrayList<>(where.args());
        args.add(limit);
        String sql = "select sequence, exporter, importer, commodity, quantity, unit, value_usd, route_id,"
                + " occurred, occurred_text from ${schema}.shipment where true" + where.sql() + " order by sequence limit ?";
        return reads.query(sql, args, rs -> new Shipment(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getBigDecimal(5), rs.getString(6), rs.getBigDecimal(7), rs.getString(8), rs.getObject(9, LocalDate.class),
                rs.getString(10)), knownAt);
    }

    public List<ReportedShare> reportedShares(String exporter, String commodity, LocalDate from, LocalDate to, Instant knownAt) {
        return reads.query("select dimension, key, share, period from ${schema}.export_share where exporter = ? and commodity = ?"
                        + " and period_end >= ? and period_start <= ? order by period_start, dimension, key",
                List.of(exporter, commodity, from, to),
                rs -> new ReportedShare(rs.getString(1), rs.getString(2), rs.getBigDecimal(3), rs.getString(4)), knownAt);
    }
}
