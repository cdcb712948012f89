package io.multivector.events.catalogue;

import io.multivector.events.Topic;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The catalogue, version 1: each type's wire name, its data record and its topic. */
public enum EventType {
    TREATY_SIGNED("treaty.signed", TreatySigned.class, Topic.DIPLOMACY),
    TREATY_TERMINATED("treaty.terminated", TreatyTerminated.class, Topic.DIPLOMACY),
    MEMBERSHIP_JOINED("membership.joined", MembershipJoined.class, Topic.DIPLOMACY),
    MEMBERSHIP_LEFT("membership.left", MembershipLeft.class, Topic.DIPLOMACY),
    VISIT_MADE("visit.made", VisitMade.class, Topic.DIPLOMACY),
    SUMMIT_HELD("summit.held", SummitHeld.class, Topic.DIPLOMACY),
    MEDIATION_HOSTED("mediation.hosted", MediationHosted.class, Topic.DIPLOMACY),
    STATEMENT_MADE("statement.made", StatementMade.class, Topic.DIPLOMACY),
    SANCTIONS_IMPOSED("sanctions.imposed", SanctionsImposed.class, Topic.DIPLOMACY),
    SANCTIONS_LIFTED("sanctions.lifted", SanctionsLifted.class, Topic.DIPLOMACY),
    AID_PROVIDED("aid.provided", AidProvided.class, Topic.DIPLOMACY),
    ELECTION_HELD("election.held", ElectionHeld.class, Topic.POLITICS),
    OFFICE_ASSUMED("office.assumed", OfficeAssumed.class, Topic.POLITICS),
    EXERCISE_HELD("exercise.held", ExerciseHeld.class, Topic.SECURITY),
    COOPERATION_REPORTED("cooperation.reported", CooperationReported.class, Topic.SECURITY),
    ROUTE_REGISTERED("route.registered", RouteRegistered.class, Topic.TRADE),
    ROUTE_STATUS_CHANGED("route.status.changed", RouteStatusChanged.class, Topic.TRADE),
    SHIPMENT_DELIVERED("shipment.delivered", ShipmentDelivered.class, Topic.TRADE),
    TRADE_REPORTED("trade.reported", TradeReported.class, Topic.TRADE),
    EXPORT_SHARE_REPORTED("export.share.reported", ExportShareReported.class, Topic.TRADE),
    INTERACTION_CODED("interaction.coded", InteractionCoded.class, Topic.CODED),
    /** Goes to the topic of the event it retracts, so every reader of that event sees it. */
    EVENT_RETRACTED("event.retracted", EventRetracted.class, null);

    public static final int VERSION = 1;
    private static final Map<String, EventType> BY_NAME = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(EventType::typeName, Function.identity()));
    private static final Map<Class<?>, EventType> BY_CLASS = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(EventType::dataClass, Function.identity()));

    private final String typeName;
    private final Class<? extends EventData> dataClass;
    private final Topic topic;

    EventType(String typeName, Class<? extends EventData> dataClass, Topic topic) {
        this.typeName = typeName;
        this.dataClass = dataClass;
        this.topic = topic;
    }

    public String typeName() {
        return typeName;
    }

    public Class<? extends EventData> dataClass() {
        return dataClass;
    }

    /** The topic of this type; empty for a retraction, which follows the event it retracts. */
    public Optional<Topic> topic() {
        return Optional.ofNullable(topic);
    }

    /** The {@code dataschema} URN of this type's data at catalogue version 1. */
    public String schemaUrn() {
        return "urn:multivector:schema:" + typeName + ":" + VERSION;
    }

    public static Optional<EventType> ofName(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    public static EventType of(EventData data) {
        return BY_CLASS.get(data.getClass());
    }
}
