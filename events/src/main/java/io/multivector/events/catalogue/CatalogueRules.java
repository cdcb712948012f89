package io.multivector.events.catalogue;

import io.multivector.events.PartialDate;
import io.multivector.events.reference.ReferenceData;
import io.multivector.events.shape.ShapeCheck;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What the catalogue says beyond the shape of each field: which stream an event belongs to, which
 * actors it names, and the rules that tie fields together.
 */
public final class CatalogueRules {

    private CatalogueRules() {
    }

    /**
     * The stream of an event: the sorted pair of its two actors joined by {@code ~} when it is
     * between exactly two, otherwise its anchor actor (the host of a summit, the first party of a
     * multilateral treaty, the country of an election). Empty for the types whose stream is that
     * of an earlier event (a treaty's termination, a route's status change, a retraction).
     */
    public static Optional<String> streamOf(EventData data) {
        return switch (data) {
            case TreatySigned t -> Optional.of(stream(t.parties(), t.parties().getFirst()));
            case TreatyTerminated t -> Optional.empty();
            case MembershipJoined m -> Optional.of(pair(m.member(), m.organization()));
            case MembershipLeft m -> Optional.of(pair(m.member(), m.organization()));
            case VisitMade v -> Optional.of(pair(v.visitorActor(), v.host()));
            case SummitHeld s -> Optional.of(stream(with(s.host(), s.participants()), s.host()));
            case MediationHosted m -> Optional.of(stream(with(m.host(), m.parties()), m.host()));
            case StatementMade s -> Optional.of(pair(s.speaker(), s.target()));
            case SanctionsImposed s -> Optional.of(pair(s.imposer(), s.target()));
            case SanctionsLifted s -> Optional.of(pair(s.imposer(), s.target()));
            case AidProvided a -> Optional.of(pair(a.donor(), a.recipient()));
            case ElectionHeld e -> Optional.of(e.country());
            case OfficeAssumed o -> Optional.of(o.country());
            case ExerciseHeld e -> Optional.of(stream(e.participants(), e.participants().getFirst()));
            case CooperationReported c -> Optional.of(stream(c.actors(), c.actors().getFirst()));
            case RouteRegistered r -> Optional.of(r.origin());
            case RouteStatusChanged r -> Optional.empty();
            case ShipmentDelivered s -> Optional.of(pair(s.exporter(), s.importer()));
            case TradeReported t -> Optional.of(pair(t.reporter(), t.partner()));
            case ExportShareReported e -> Optional.of(e.exporter());
            case InteractionCoded i -> Optional.of(pair(i.actor1(), i.actor2()));
            case EventRetracted r -> Optional.empty();
        };
    }

    /** Every actor the event names, in order of appearance, each once; indexes events by actor. */
    public static List<String> actorsOf(EventData data) {
        List<String> named = switch (data) {
            case TreatySigned t -> t.parties();
            case TreatyTerminated t -> nonNull(t.party());
            case MembershipJoined m -> List.of(m.member(), m.organization());
            case MembershipLeft m -> List.of(m.member(), m.organization());
            case VisitMade v -> List.of(v.visitorActor(), v.host());
            case SummitHeld s -> with(s.host(), s.participants());
            case MediationHosted m -> with(m.host(), m.parties());
            case StatementMade s -> List.of(s.speaker(), s.target());
            case SanctionsImposed s -> List.of(s.imposer(), s.target());
            case SanctionsLifted s -> List.of(s.imposer(), s.target());
            case AidProvided a -> List.of(a.donor(), a.recipient());
            case ElectionHeld e -> List.of(e.country());
            case OfficeAssumed o -> List.of(o.country());
            case ExerciseHeld e -> e.participants();
            case CooperationReported c -> c.actors();
            case RouteRegistered r -> Stream.concat(Stream.concat(Stream.of(r.origin()), nonNull(r.destination()).stream()),
                    r.transit().stream()).toList();
            case RouteStatusChanged r -> List.of();
            case ShipmentDelivered s -> List.of(s.exporter(), s.importer());
            case TradeReported t -> List.of(t.reporter(), t.partner());
            case ExportShareReported e -> e.dimension() == ShareDimension.ROUTE
                    ? List.of(e.exporter()) : List.of(e.exporter(), e.key());
            case InteractionCoded i -> List.of(i.actor1(), i.actor2());
            case EventRetracted r -> List.of();
        };
        return List.copyOf(new LinkedHashSet<>(named));
    }

    /** Rules across fields; each failure names the field at fault under {@code /data}. */
    public static void check(EventData data, ShapeCheck check) {
        ReferenceData ref = check.reference();
        switch (data) {
            case TreatySigned t -> notBefore(t.inForceFrom(), t.occurredOn(), "/data/inForceFrom", check);
            case MembershipJoined m -> {
                organization(m.organization(), ref, check);
                distinct(m.member(), m.organization(), "/data/organization", check);
                notBefore(m.until(), m.occurredOn(), "/data/until", check);
            }
            case MembershipLeft m -> {
                organization(m.organization(), ref, check);
                distinct(m.member(), m.organization(), "/data/organization", check);
            }
            case VisitMade v -> distinct(v.visitorActor(), v.host(), "/data/host", check);
            case StatementMade s -> distinct(s.speaker(), s.target(), "/data/target", check);
            case SanctionsImposed s -> distinct(s.imposer(), s.target(), "/data/target", check);
            case SanctionsLifted s -> distinct(s.imposer(), s.target(), "/data/target", check);
            case AidProvided a -> distinct(a.donor(), a.recipient(), "/data/recipient", check);
            case ElectionHeld e -> {
                state(e.country(), "/data/country", ref, check);
                for (int k = 0; k < e.results().size(); k++) {
                    ElectionResult r = e.results().get(k);
                    otherSpellings(r.name(), r.alsoSpelled(), "/data/results/" + k + "/alsoSpelled", check);
                }
            }
            case OfficeAssumed o -> {
                state(o.country(), "/data/country", ref, check);
                otherSpellings(o.person(), o.personAlsoSpelled(), "/data/personAlsoSpelled", check);
            }
            case ShipmentDelivered s -> distinct(s.exporter(), s.importer(), "/data/importer", check);
            case TradeReported t -> {
                distinct(t.reporter(), t.partner(), "/data/partner", check);
                if (t.exportsUsd() == null && t.importsUsd() == null && t.totalUsd() == null && t.balanceUsd() == null) {
                    check.fail("/data", "needs at least one of exportsUsd, importsUsd, totalUsd, balanceUsd");
                }
                TradeFigures.disagreement(t).ifPresent(why -> check.fail("/data", why));
            }
            case ExportShareReported e -> {
                if (e.dimension() != ShareDimension.ROUTE && !ref.isKnown(e.key())) {
                    check.fail("/data/key", "unknown actor code '" + e.key() + "' (a " + e.dimension().wireName()
                            + " share is keyed by actor)");
                }
            }
            case InteractionCoded i -> {
                distinct(i.actor1(), i.actor2(), "/data/actor2", check);
                for (int k = 0; k < i.sources().size(); k++) {
                    if (i.sources().get(k).url() == null) {
                        check.fail("/data/sources/" + k + "/url", "is required: the article the interaction was coded from");
                    }
                }
            }
            case TreatyTerminated t -> { }
            case SummitHeld s -> { }
            case MediationHosted m -> { }
            case ExerciseHeld e -> { }
            case CooperationReported c -> { }
            case RouteRegistered r -> { }
            case RouteStatusChanged r -> { }
            case EventRetracted r -> { }
        }
    }

    private static String stream(List<String> actors, String anchor) {
        Set<String> distinct = new LinkedHashSet<>(actors);
        if (distinct.size() == 2) {
            List<String> two = new ArrayList<>(distinct);
            return pair(two.get(0), two.get(1));
        }
        return anchor;
    }

    /** The stream of two actors: their codes sorted and joined by {@code ~}; dyads are unordered. */
    public static String pair(String a, String b) {
        int c = a.compareTo(b);
        return c == 0 ? a : c < 0 ? a + "~" + b : b + "~" + a;
    }

    private static List<String> with(String first, List<String> rest) {
        List<String> all = new ArrayList<>(rest.size() + 1);
        all.add(first);
        all.addAll(rest);
        return all;
    }

    private static List<String> nonNull(String s) {
        return s == null ? List.of() : List.of(s);
    }

    private static void notBefore(PartialDate later, PartialDate start, String pointer, ShapeCheck check) {
        if (later != null && later.lastDay().isBefore(start.firstDay())) {
            check.fail(pointer, "must not be before occurredOn (" + start + ")");
        }
    }

    private static void distinct(String a, String b, String pointer, ShapeCheck check) {
        if (a.equals(b)) {
            check.fail(pointer, "must differ from the other actor ('" + a + "')");
        }
    }

    /** Another spelling that repeats the name itself records nothing, and is most likely a slip. */
    private static void otherSpellings(String name, List<String> spellings, String pointer, ShapeCheck check) {
        if (spellings == null) {
            return;
        }
        for (int k = 0; k < spellings.size(); k++) {
            if (spellings.get(k).equals(name)) {
                check.fail(pointer + "/" + k, "repeats the name itself ('" + name + "'); list only other spellings");
            }
        }
    }

    private static void organization(String code, ReferenceData ref, ShapeCheck check) {
        if (ref.isKnown(code) && !ref.isOrganization(code)) {
            check.fail("/data/organization", "'" + code + "' is a state, not an organisation");
        }
    }

    private static void state(String code, String pointer, ReferenceData ref, ShapeCheck check) {
        if (ref.isOrganization(code)) {
            check.fail(pointer, "'" + code + "' is an organisation, not a state");
        }
    }
}
