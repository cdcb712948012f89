package io.multivector.ingest.store.service;

import io.multivector.events.Event;
import io.multivector.events.catalogue.EventRetracted;
import io.multivector.events.catalogue.EventType;
import io.multivector.events.catalogue.RouteRegistered;
import io.multivector.events.catalogue.RouteStatusChanged;
import io.multivector.events.catalogue.TreatySigned;
import io.multivector.events.catalogue.TreatyTerminated;

import java.util.Optional;

/**
 * An entity of the store by the event that carries its key ({@code event_store.entity_key}): a treaty's
 * signing, a route's registration, an event's retraction.
 */
record EntityReference(EventType type, String key) {

    /** The entity an event refers to: the signing a termination ends, the registration a status change is of, a retraction of the same event. */
    static Optional<EntityReference> referredToBy(Event e) {
        return switch (e.data()) {
            case TreatyTerminated t -> Optional.of(new EntityReference(EventType.TREATY_SIGNED, t.treatyId()));
            case RouteStatusChanged r -> Optional.of(new EntityReference(EventType.ROUTE_REGISTERED, r.routeId()));
            case EventRetracted r -> Optional.of(new EntityReference(EventType.EVENT_RETRACTED, r.eventId().toLowerCase()));
            default -> Optional.empty();
        };
    }

    /** The key later events use to refer to this one, or null. */
    static String carriedBy(Event e) {
        return switch (e.data()) {
            case TreatySigned t -> t.treatyId();
            case RouteRegistered r -> r.routeId();
            case EventRetracted r -> r.eventId().toLowerCase();
            default -> null;
        };
    }

    /** How the view and the rules name it. */
    String name() {
        return type.typeName() + "/" + key;
    }
}
