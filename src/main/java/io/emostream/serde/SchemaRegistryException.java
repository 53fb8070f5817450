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

    public SchemaRegistryException(int errorCode, String message) {
        super(message);
        this.errorCode = errorCode;
    }

    public SchemaRegistryException(String message, Throwable cause) {
        super(message, cause);
        this.errorCode = -1;
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
