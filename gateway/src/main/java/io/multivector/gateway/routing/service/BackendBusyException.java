package io.multivector.gateway.routing.service;

import io.multivector.gateway.routing.Backend;

/**
 * A backend whose connections are all busy and whose waiting line is full: the gateway sheds the request.
 * Not a failure of the backend: it neither opens the circuit breaker nor is retried.
 */
public class BackendBusyException extends RuntimeException {

    public BackendBusyException(Backend backend, Throwable cause) {
        super("backend '" + backend.key() + "' is busy: every connection to it is in use and the line waiting for one is full;"
                + " retry shortly", cause);
    }
}
