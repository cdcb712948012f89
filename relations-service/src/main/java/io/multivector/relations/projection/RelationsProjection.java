package io.multivector.relations.projection;

import io.multivector.events.Event;
import io.multivector.events.EventCodec;
import io.multivector.events.PartialDate;
import io.multivector.events.Topic;
import io.multivector.events.catalogue.AidProvided;
import io.multivector.events.catalogue.CatalogueRules;
import io.multivector.events.catalogue.CooperationReported;
import io.multivector.events.catalogue.ElectionHeld;
import io.multivector.events.catalogue.EventRetracted;
import io.multivector.events.catalogue.ExerciseHeld;
import io.multivector.events.catalogue.ExportShareReported;
import io.multivector.events.catalogue.MediationHosted;
import io.multivector.events.catalogue.MembershipJoined;
import io.multivector.events.catalogue.MembershipLeft;
import io.multivector.events.catalogue.OfficeAssumed;
import io.multivector.events.catalogue.RouteRegistered;
import io.multivector.events.catalogue.RouteStatusChanged;
import io.multivector.events.catalogue.SanctionsImposed;
import io.multivector.events.catalogue.SanctionsLifted;
import io.multivector.events.catalogue.ShipmentDelivered;
import io.multivector.events.catalogue.StatementMade;
import io.multivector.events.catalogue.SummitHeld;
import io.multivector.events.catalogue.TradeReported;
import io.multivector.events.catalogue.TreatySigned;
import io.multivector.events.catalogue.TreatyTerminated;
import io.multivector.events.catalogue.VisitMade;
import io.multivector.projection.runtime.Projection;
import io.multivector.projection.runtime.Row;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The relations read model, from the diplomacy, politics and security topics: dyadic
 * contributions, memberships, treaties, elections, office terms, and an event log.
 */
@ApplicationScoped
public class RelationsProjection implements Projection {

    public static final String NAME = "relations";
    static final List<String> TABLES = List.of("dyad_event", "event_log", "membership_change", "treaty_signing",
            "treaty_termination", "election", "office_term");

    private final EventCodec codec;
    private final String ddl;

    public RelationsProjection(EventCodec codec) {
        this.codec = codec;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("projection/relations.sql")) {
            this.ddl = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Topic> topics() {
        return List.of(Topic.DIPLOMACY, Topic.POLITICS, Topic.SECURITY);
    }

    @Override
    public String contentDdl() {
        return ddl;
    }

    @Override
    public List<String> contentTables() {
        return TABLES;
    }

    @Override
    public List<Row> apply(Event e) {
        List<Row> rows = new ArrayList<>();
        rows.add(Row.of("event_log").with("sequence", e.sequence()).with("type", e.type().typeName())
                .with("occurred", e.data().occurredOn().firstDay())
                .with("actors", CatalogueRules.actorsOf(e.data()).toArray(String[]::new))
                .with("envelope", new Row.Json(codec.toJson(e).toString())));
        PartialDate on = e.data().occurredOn();
        switch (e.data()) {
            case TreatySigned t -> {
                pairs(rows, e, t.parties(), "treaty.signed", 1);
                rows.add(Row.of("treaty_signing").with("treaty_id", t.treatyId()).with("title", t.title())
                        .with("kind", t.kind().wireName()).with("parties", t.parties().toArray(String[]::new))
                        .with("signed", on.firstDay()).with("signed_text", on.toString())
                        .with("in_force_from", t.inForceFrom() == null ? null : t.inForceFrom().firstDay()).with("place", t.place()));
            }
            case TreatyTerminated t -> rows.add(Row.of("treaty_termination").with("treaty_id", t.treatyId()).with("party", t.party())
                    .with("terminated", on.firstDay()).with("terminated_text", on.toString()).with("reason", t.reason()));
            case MembershipJoined m -> {
                pair(rows, e, m.member(), m.organization(), "membership.joined", 1);
                rows.add(membership(e, m.member(), m.organization(), m.role().wireName(), true, m.until()));
            }
            case MembershipLeft m -> rows.add(membership(e, m.member(), m.organization(), m.role().wireName(), false, null));
            case VisitMade v -> pair(rows, e, v.visitorActor(), v.host(), "visit.made", 1);
            case SummitHeld s -> pairs(rows, e, with(s.host(), s.participants()), "summit.held", 1);
            case MediationHosted m -> m.parties().forEach(p -> pair(rows, e, m.host(), p, "mediation.hosted", 1));
            case StatementMade s -> pair(rows, e, s.speaker(), s.target(), "statement.made." + s.stance().wireName(), 1);
            case SanctionsImposed s -> pair(rows, e, s.imposer(), s.target(), "sanctions.imposed", 1);
            case SanctionsLifted s -> pair(rows, e, s.imposer(), s.target(), "sanctions.lifted", 1);
            case AidProvided a -> pair(rows, e, a.donor(), a.recipient(), "aid.provided", 1);
            case ElectionHeld el -> rows.add(Row.of("election").with("country", el.country()).with("kind", el.kind().wireName())
                    .with("body", el.body()).with("held", on.firstDay()).with("held_text", on.toString()).with("early", el.early())
                    .with("turnout_pct", el.turnoutPct())
                    .with("results", new Row.Json(codec.mapper().valueToTree(el.results()).toString())));
            case OfficeAssumed o -> rows.add(Row.of("office_term").with("sequence", e.sequence()).with("country", o.country())
                    .with("office", o.office()).with("person", o.person()).with("assumed", on.firstDay())
                    .with("assumed_text", on.toString()).with("predecessor", o.predecessor()));
            case ExerciseHeld x -> pairs(rows, e, x.participants(), "exercise.held", x.count() == null ? 1 : x.count());
            case CooperationReported c -> pairs(rows, e, c.actors(), "cooperation.reported", 1);
            // Trade events and retractions (handled by the runtime) add nothing here beyond the log.
            case RouteRegistered r -> { }
            case RouteStatusChanged r -> { }
            case ShipmentDelivered s -> { }
            case TradeReported t -> { }
            case ExportShareReported x -> { }
            case EventRetracted r -> { }
        }
        return rows;
    }

    private static Row membership(Event e, String member, String org, String role, boolean joined, PartialDate until) {
        PartialDate on = e.data().occurredOn();
        return Row.of("membership_change").with("sequence", e.sequence()).with("member", member).with("organization", org)
                .with("role", role).with("joined", joined).with("occurred", on.firstDay()).with("occurred_text", on.toString())
                .with("until", until == null ? null : until.lastDay()).with("until_text", until == null ? null : until.toString());
    }

    /** Every unordered pair of distinct actors. */
    private static void pairs(List<Row> rows, Event e, List<String> actors, String weightKey, int multiplier) {
        List<String> distinct = new ArrayList<>(new LinkedHashSet<>(actors));
        for (int i = 0; i < distinct.size(); i++) {
            for (int j = i + 1; j < distinct.size(); j++) {
                pair(rows, e, distinct.get(i), distinct.get(j), weightKey, multiplier);
            }
        }
    }

    private static void pair(List<Row> rows, Event e, String x, String y, String weightKey, int multiplier) {
        if (x.equals(y)) {
            return;
        }
        String a = x.compareTo(y) < 0 ? x : y;
        String b = x.compareTo(y) < 0 ? y : x;
        rows.add(Row.of("dyad_event").with("a", a).with("b", b).with("occurred", e.data().occurredOn().firstDay())
                .with("type", e.type().typeName()).with("weight_key", weightKey).with("multiplier", multiplier));
    }

    private static List<String> with(String first, List<String> rest) {
        List<String> all = new ArrayList<>(rest.size() + 1);
        all.add(first);
        all.addAll(rest);
        return all;
    }
}
