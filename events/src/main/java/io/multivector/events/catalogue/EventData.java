package io.multivector.events.catalogue;

import io.multivector.events.PartialDate;

import java.util.List;

/**
 * The data of an event of catalogue version 1: one record per event type. Sealed, so that a new
 * type fails to compile until every switch over the catalogue (stream, checks, projections)
 * handles it.
 */
public sealed interface EventData permits TreatySigned, TreatyTerminated, MembershipJoined, MembershipLeft,
        VisitMade, SummitHeld, MediationHosted, StatementMade, SanctionsImposed, SanctionsLifted, AidProvided,
        ElectionHeld, OfficeAssumed, ExerciseHeld, CooperationReported, RouteRegistered, RouteStatusChanged,
        ShipmentDelivered, TradeReported, ExportShareReported, InteractionCoded, EventRetracted {

    /** When it happened, to the precision the source gives. */
    PartialDate occurredOn();

    /** Where the fact comes from; never empty. */
    List<Source> sources();
}
