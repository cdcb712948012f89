package io.multivector.platform.problem;

/**
 * The service cannot take this request now, though nothing is wrong with the request or the service: e.g. every
 * database connection stayed busy for the pool's whole acquisition timeout. A 503 with {@code Retry-After}, not a
 * 500: the caller may ask again.
 */
public class BusyException extends RuntimeException {

    public BusyException(String message, Throwable cause) {
        super(message, cause);
    }
}
