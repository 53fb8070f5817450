package io.emostream.http;

/**
 * A request the API answers with an error status: the one place statuses are chosen. Its message is for the caller
 * and says what to change; anything else that goes wrong is a 500 whose detail stays in the log.
 */
public class ApiException extends RuntimeException {
    private final int status;

    public ApiException(int status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    public int status() {
        return status;
    }

    /** 400: a parameter is unknown or its value is not one the API takes. */
    public static ApiException badRequest(String message) {
        return new ApiException(400, message, null);
    }

    /** 404: no such path or thing. */
    public static ApiException notFound(String message) {
        return new ApiException(404, message, null);
    }
}
