package io.multivector.events.catalogue;

import io.multivector.events.PartialDate;
import io.multivector.events.shape.*;

import java.util.List;

/** An actor leaves an organisation, or gives up a role in it. */
public record MembershipLeft(
        PartialDate occurredOn,
        @ActorCode String member,
        @ActorCode String organization,
        MembershipRole role,
        @Items(min = 1) List<Source> sources
) implements EventData {
}
