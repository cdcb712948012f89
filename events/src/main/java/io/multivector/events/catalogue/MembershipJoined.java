package io.multivector.events.catalogue;

import io.multivector.events.PartialDate;
import io.multivector.events.shape.*;

import java.util.List;

/** An actor joins an organisation in a role, possibly for a fixed term. */
public record MembershipJoined(
        PartialDate occurredOn,
        @ActorCode String member,
        @ActorCode String organization,
        MembershipRole role,
        @OptionalField PartialDate until,
        @Items(min = 1) List<Source> sources
) implements EventData {
}
