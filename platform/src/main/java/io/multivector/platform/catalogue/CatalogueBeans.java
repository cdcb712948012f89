package io.multivector.platform.catalogue;

import io.multivector.events.EventCodec;
import io.multivector.events.reference.ReferenceData;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The event contract as injectable beans: one codec and one copy of the reference data per service.
 * {@code multivector.reference.extra-actors} (env {@code MULTIVECTOR_EXTRA_ACTORS}) names a file in the
 * format of {@code seeds/reference/actors.json} whose actors are added to the bundled ones: an operator
 * can admit a new organisation without a new release, then retry the records that named it.
 */
public class CatalogueBeans {

    @Produces
    @Singleton
    ReferenceData referenceData(@ConfigProperty(name = "multivector.reference.extra-actors") Optional<String> extra) {
        ReferenceData bundled = ReferenceData.bundled();
        if (extra.isEmpty()) {
            return bundled;
        }
        try (InputStream in = Files.newInputStream(Path.of(extra.get()))) {
            return bundled.with(ReferenceData.read(in));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the extra actors of multivector.reference.extra-actors: " + extra.get(), e);
        }
    }

    @Produces
    @Singleton
    EventCodec codec(ReferenceData reference) {
        return new EventCodec(reference);
    }
}
