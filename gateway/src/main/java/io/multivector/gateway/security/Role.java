package io.multivector.gateway.security;

/** What a key may do; each role includes the ones before it. */
public enum Role {
    READER,
    WRITER,
    ADMIN;

    public boolean includes(Role required) {
        return compareTo(required) >= 0;
    }
}
