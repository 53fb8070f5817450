package io.emostream.model;

/** A model bundle that cannot be loaded; the message names the bundle and what is wrong with it. */
public final class BundleException extends RuntimeException {
    public BundleException(String message) {
        super(message);
    }

    public BundleException(String message, Throwable cause) {
        super(message, cause);
    }
}
