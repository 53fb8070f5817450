package io.emostream.serde;

import org.apache.kafka.common.errors.SerializationException;

/**
 * A registry call that failed; carries Confluent's error code (40401 subject not found, 40402 version not found,
 * 40403 schema not found, 40408 no subject-level compatibility, 409 incompatible, 42201 invalid schema, 42202 invalid
 * version, 42203 invalid compatibility level).
 */
public final class SchemaRegistryException extends SerializationException {
    public static final int SUBJECT_NOT_FOUND = 40401;
    public static final int VERSION_NOT_FOUND = 40402;
    public static final int SCHEMA_NOT_FOUND = 40403;
    public static final int INCOMPATIBLE = 409;
    public static final int SUBJECT_COMPATIBILITY_NOT_CONFIGURED = 40408;
    public static final int INVALID_SCHEMA = 42201;
    public static final int INVALID_VERSION = 42202;
    public static final int INVALID_COMPATIBILITY_LEVEL = 42203;

    private final int errorCode;
    private final boolean transientFault;

    public SchemaRegistryException(int errorCode, String message) {
        this(errorCode, message, null, false);
    }

    public SchemaRegistryException(String message, Throwable cause) {
        this(-1, message, cause, false);
    }

    private SchemaRegistryException(int errorCode, String message, Throwable cause, boolean transientFault) {
        super(message, cause);
        this.errorCode = errorCode;
        this.transientFault = transientFault;
    }

    /** The registry could not be asked (unreachable, timed out) or failed itself (5xx): asking again later may work. */
    public static SchemaRegistryException transientFault(int errorCode, String message, Throwable cause) {
        return new SchemaRegistryException(errorCode, message, cause, true);
    }

    /** True when the registry did not answer the question, as opposed to answering "no" (404, 409, 422). */
    public boolean isTransient() {
        return transientFault;
    }

    /** Whether {@code e} or one of its causes is a transient registry fault. */
    public static boolean isTransient(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SchemaRegistryException s && s.isTransient()) return true;
        }
        return false;
    }

    public int errorCode() {
        return errorCode;
    }

    /** The HTTP status Confluent answers this error with: the code's first three digits (409 stands alone). */
    public int httpStatus() {
        if (errorCode == INCOMPATIBLE) return 409;
        return errorCode >= 10000 ? errorCode / 100 : 500;
    }
}
