package io.multivector.trade.projection;

import io.multivector.events.Event;
import io.multivector.events.PartialDate;
import io.multivector.events.Topic;
import io.multivector.events.catalogue.ExportShareReported;
import io.multivector.events.catalogue.InteractionCoded;
import io.multivector.events.catalogue.TreatySigned;
import io.multivector.events.catalogue.TreatyTerminated;
import io.multivector.events.catalogue.MembershipJoined;
import io.multivector.events.catalogue.MembershipLeft;
import io.multivector.events.catalogue.VisitMade;
import io.multivector.events.catalogue.SummitHeld;
import io.multivector.events.catalogue.MediationHosted;
import io.multivector.events.catalogue.StatementMade;
import io.multivector.events.catalogue.SanctionsImposed;
import io.multivector.events.catalogue.SanctionsLifted;
import io.multivector.events.catalogue.AidProvided;
import io.multivector.events.catalogue.ElectionHeld;
import io.multivector.events.catalogue.OfficeAssumed;
import io.multivector.events.catalogue.ExerciseHeld;
import io.multivector.events.catalogue.CooperationReported;
import io.multivector.events.catalogue.EventRetracted;
import io.multivector.events.catalogue.RouteRegistered;
import io.multivector.events.catalogue.RouteStatusChanged;
import io.multivector.events.catalogue.ShipmentDelivered;
import io.multivector.events.catalogue.TradeFigures;
import io.multivector.events.catalogue.TradeReported;
import io.multivector.events.catalogue.CatalogueRules;
import io.multivector.projection.runtime.AnswerReach;
import io.multivector.projection.runtime.Projection;
import io.multivector.projection.runtime.Row;
import io.multivector.projection.runtime.Grain;
import io.multivector.projection.runtime.RunningTotals;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** The trade read model, from the trade topic: flows, routes, shipments and reported shares. */
@ApplicationScoped
public class TradeProjection implements Projection {

    public static final String NAME = "trade";

    private final String ddl;
    private final String readIndexDdl;

    public TradeProjection() {
        this.ddl = Projection.resource(getClass(), "projection/trade.sql");
        this.readIndexDdl = Projection.resource(getClass(), "projection/trade-read-indexes.sql");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Topic> topics() {
        return List.of(Topic.TRADE);
    }

    @Override
    public String contentDdl() {
        return ddl;
    }

    @Override
    public String readIndexDdl() {
        return readIndexDdl;
    }

    @Override
    public List<String> contentTables() {
        return List.of("trade_report", "route_registration", "route_status", "shipment", "export_share");
    }

    @Override
    public List<RunningTotals> totals() {
        return List.of(new RunningTotals("shipment_total", List.of("exporter", "commodity", "grain", "period", "unit", "route_id"),
                List.of("quantity", "shipments"),
                "select s.exporter, s.commodity, s.unit, coalesce(s.route_id, '') as route_id, s.occurred as day, s.quantity,"
                        + " 1 as shipments from ${schema}.shipment s where s.event_id in ${events}", EnumSet.allOf(Grain.class)));
    }

    @Override
    public List<Row> apply(Event e) {
        PartialDate on = e.data().occurredOn();
        return switch (e.data()) {
            case TradeReported t -> {
                TradeFigures f = TradeFigures.complete(t);
                yield List.of(Row.of("trade_report").with("sequence", e.sequence()).with("reporter", t.reporter())
                        .with("partner", t.partner()).with("period", t.period().toString())
                        .with("period_start", t.period().firstDay()).with("period_end", t.period().lastDay())
                        .with("exports_usd", f.exportsUsd()).with("imports_usd", f.importsUsd())
                        .with("total_usd", f.totalUsd()).with("balance_usd", f.balanceUsd())
                        .with("exports_derived", f.exportsDerived()).with("imports_derived", f.importsDerived())
                        .with("total_derived", f.totalDerived()).with("balance_derived", f.balanceDerived()));
            }
            case RouteRegistered r -> List.of(Row.of("route_registration").with("sequence", e.sequence()).with("route_id", r.routeId())
                    .with("name", r.name()).with("kind", r.kind().wireName()).with("origin", r.origin())
                    .with("destination", r.destination()).with("transit", r.transit().toArray(String[]::new))
                    .with("length_km", r.lengthKm()).with("capacity", r.capacity()).with("capacity_unit", r.capacityUnit())
                    .with("operator", r.operator()).with("status", r.status().wireName())
                    .with("occurred", on.firstDay()).with("occurred_text", on.toString()));
            case RouteStatusChanged r -> List.of(Row.of("route_status").with("sequence", e.sequence()).with("route_id", r.routeId())
                    .with("status", r.status().wireName()).with("capacity", r.capacity())
                    .with("occurred", on.firstDay()).with("occurred_text", on.toString()));
            case ShipmentDelivered s -> List.of(Row.of("shipment").with("sequence", e.sequence()).with("exporter", s.exporter())
                    .with("importer", s.importer()).with("commodity", s.commodity()).with("quantity", s.quantity())
                    .with("unit", s.unit().wireName()).with("value_usd", s.valueUsd()).with("route_id", s.routeId())
                    .with("occurred", on.firstDay()).with("occurred_text", on.toString()));
            case ExportShareReported x -> List.of(Row.of("export_share").with("exporter", x.exporter())
                    .with("commodity", x.commodity()).with("dimension", x.dimension().wireName()).with("key", x.key())
                    .with("share", x.share()).with("period", x.period().toString())
                    .with("period_start", x.period().firstDay()).with("period_end", x.period().lastDay()));
            // Not on the trade topic, or (retractions) handled by the runtime.
            case TreatySigned x -> List.of();
            case TreatyTerminated x -> List.of();
            case MembershipJoined x -> List.of();
            case MembershipLeft x -> List.of();
            case VisitMade x -> List.of();
            case SummitHeld x -> List.of();
            case MediationHosted x -> List.of();
            case StatementMade x -> List.of();
            case SanctionsImposed x -> List.of();
            case SanctionsLifted x -> List.of();
            case AidProvided x -> List.of();
            case ElectionHeld x -> List.of();
            case OfficeAssumed x -> List.of();
            case ExerciseHeld x -> List.of();
            case CooperationReported x -> List.of();
            case InteractionCoded x -> List.of();
            case EventRetracted x -> List.of();
        };
    }

    /**
     * A report is about its reporter (its partner shares read only its own reports), a shipment about its exporter
     * (exposure reads only the exporter's shipments) and a reported share about its exporter; each reaches every actor
     * it names. A route's registration or status enters the exposure of every exporter shipping on it, which it does
     * not name: every answer. The other types are not on the trade topic and add nothing here.
     */
    @Override
    public AnswerReach reach(Event e) {
        return switch (e.data()) {
            case TradeReported t -> named(e);
            case ShipmentDelivered s -> named(e);
            case ExportShareReported x -> named(e);
            case RouteRegistered r -> AnswerReach.EVERY_ANSWER;
            case RouteStatusChanged r -> AnswerReach.EVERY_ANSWER;
            case EventRetracted r -> AnswerReach.EVERY_ANSWER; // the runtime asks reachOfApplied instead
            case TreatySigned x -> AnswerReach.NONE;
            case TreatyTerminated x -> AnswerReach.NONE;
            case MembershipJoined x -> AnswerReach.NONE;
            case MembershipLeft x -> AnswerReach.NONE;
            case VisitMade x -> AnswerReach.NONE;
            case SummitHeld x -> AnswerReach.NONE;
            case MediationHosted x -> AnswerReach.NONE;
            case StatementMade x -> AnswerReach.NONE;
            case SanctionsImposed x -> AnswerReach.NONE;
            case SanctionsLifted x -> AnswerReach.NONE;
            case AidProvided x -> AnswerReach.NONE;
            case ElectionHeld x -> AnswerReach.NONE;
            case OfficeAssumed x -> AnswerReach.NONE;
            case ExerciseHeld x -> AnswerReach.NONE;
            case CooperationReported x -> AnswerReach.NONE;
            case InteractionCoded x -> AnswerReach.NONE;
        };
    }

    /** What retracting these events reaches, from their rows: the actors of each, or every answer for a route's. */
    @Override
    public AnswerReach reachOfApplied(Connection c, String schema, Set<UUID> ids) throws SQLException {
        Set<String> actors = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement(("with ids as (select unnest(?::uuid[]) as id)"
                + " select reporter, partner from %1$s.trade_report where event_id in (select id from ids)"
                + " union all select exporter, importer from %1$s.shipment where event_id in (select id from ids)"
                + " union all select exporter, key from %1$s.export_share where event_id in (select id from ids)"
                + " union all select null, null from %1$s.route_registration where event_id in (select id from ids)"
                + " union all select null, null from %1$s.route_status where event_id in (select id from ids)").formatted(schema))) {
            ps.setArray(1, c.createArrayOf("uuid", ids.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (rs.getString(1) == null) {
                        return AnswerReach.EVERY_ANSWER;
                    }
                    actors.add(rs.getString(1));
                    actors.add(rs.getString(2));
                }
            }
        }
        return AnswerReach.actors(actors);
    }

    private static AnswerReach named(Event e) {
        return AnswerReach.actors(CatalogueRules.actorsOf(e.data()));
    }
}
