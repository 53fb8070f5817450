package io.emostream.serde;

import org.apache.kafka.common.errors.SerializationException;

/** A registry call that failed; carries Confluent's error code (40401 subject not found, 40403 schema not found, 42201 invalid schema, 409 incompatible). */
public final class SchemaRegistryException extends SerializationException {
    public static final int SUBJECT_NOT_FOUND = 40401;
    public static final int VERSION_NOT_FOUND = 40402;
    public static final int SCHEMA_NOT_FOUND = 40403;
    public static final int INCOMPATIBLE = 409;
    public static final int INVALID_SCHEMA = 42201;

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
}
