package io.multivector.gateway.routing.service;

import io.multivector.gateway.routing.Backend;

/** A backend that could not be reached, timed out, or whose circuit breaker is open. */
public class BackendUnavailableException extends RuntimeException {

    private final Backend backend;

    public BackendUnavailableException(Backend backend, String why, Throwable cause) {
        super("backend '" + backend.key() + "' is unavailable: " + why, cause);
        this.backend = backend;
    }

    public Backend backend() {
        return backend;
    }
}
