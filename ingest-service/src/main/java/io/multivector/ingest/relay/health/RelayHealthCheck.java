package io.multivector.ingest.relay.health;

import io.multivector.ingest.relay.service.EventRelay;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * The relay's state. A relay waiting for Kafka is still alive: appends keep being accepted and are
 * published when the broker returns, so this never reports DOWN for a broker outage.
 */
@Liveness
@ApplicationScoped
public class RelayHealthCheck implements HealthCheck {

    private final EventRelay relay;

    public RelayHealthCheck(EventRelay relay) {
        this.relay = relay;
    }

    @Override
    public HealthCheckResponse call() {
        var b = HealthCheckResponse.named("event-relay").up()
                .withData("state", relay.state().name())
                .withData("publishedThrough", relay.publishedThrough())
                .withData("lag", relay.lag());
        if (relay.lastError() != null) {
            b.withData("lastError", relay.lastError());
        }
        return b.build();
    }
}
