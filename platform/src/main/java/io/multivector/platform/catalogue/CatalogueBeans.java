package io.multivector.platform.catalogue;

import io.multivector.events.EventCodec;
import io.multivector.events.reference.ReferenceData;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The event contract as injectable beans: one codec and one copy of the reference data per service. */
public class CatalogueBeans {

    @Produces
    @Singleton
    EventCodec codec() {
        return EventCodec.bundled();
    }

    @Produces
    @Singleton
    ReferenceData referenceData() {
        return ReferenceData.bundled();
    }
}
