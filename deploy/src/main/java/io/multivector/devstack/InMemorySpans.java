package io.multivector.devstack;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The spans a service's tests made, kept in memory by the OpenTelemetry SDK's testing exporter: a service whose test
 * profile builds in the {@code cdi} exporter sends its finished spans here, and a test injects
 * {@link InMemorySpanExporter} to read them. A bean in the tests of a service whose test profile indexes this
 * module ({@code quarkus.index-dependency.devstack}).
 */
@ApplicationScoped
public class InMemorySpans {

    @Produces
    @Singleton
    InMemorySpanExporter exporter() {
        return InMemorySpanExporter.create();
    }
}
