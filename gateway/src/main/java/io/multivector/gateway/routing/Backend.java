package io.multivector.gateway.routing;

/** The services behind the gateway; {@link #key()} names them in configuration and in {@code degraded[]}. */
public enum Backend {
    INGEST("ingest"),
    RELATIONS("relations"),
    TRADE("trade");

    private final String key;

    Backend(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }
}
