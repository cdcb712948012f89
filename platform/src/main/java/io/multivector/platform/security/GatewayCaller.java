package io.multivector.platform.security;

/**
 * Who the gateway let through, as it tells a backend: the name of the API key (never the key) and
 * its role. A backend believes these only because every call to it carries the internal
 * credential; the gateway drops whatever a client sent under these names before it sets them.
 */
public final class GatewayCaller {

    /** The name of the caller's API key (absent for an anonymous read). */
    public static final String KEY_NAME = "X-Multivector-Caller";
    /** The key's role in lower case: reader, writer or admin (absent for an anonymous read). */
    public static final String ROLE = "X-Multivector-Caller-Role";
    public static final String ADMIN = "admin";
    /** To an admin, beside a stored event: the name of the key that wrote it, and the request it came with. */
    public static final String RECORDED_BY = "Multivector-Recorded-By";
    public static final String RECORDED_REQUEST_ID = "Multivector-Recorded-Request-Id";

    private GatewayCaller() {
    }
}
