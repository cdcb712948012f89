package io.multivector.importer;

/** The import cannot go on (the gateway refuses the key or a batch, a file cannot be read); the message says why and where. */
public final class ImportFailedException extends Exception {

    public ImportFailedException(String message) {
        super(message);
    }

    public ImportFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
