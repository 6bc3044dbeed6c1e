package dev.warren.http;

import io.netty.handler.codec.http.HttpResponseStatus;

/** An HTTP error answered as RabbitMQ does: the status and {"error": ..., "reason": ...}. */
public final class HttpError extends RuntimeException {
    private final HttpResponseStatus status;
    private final String error;

    public HttpError(HttpResponseStatus status, String error, String reason) {
        super(reason);
        this.status = status;
        this.error = error;
    }

    public HttpResponseStatus status() {
        return status;
    }

    public String error() {
        return error;
    }

    public String reason() {
        return getMessage();
    }

    public static HttpError notFound() {
        return new HttpError(HttpResponseStatus.NOT_FOUND, "Object Not Found", "Not Found");
    }

    public static HttpError badRequest(String reason) {
        return new HttpError(HttpResponseStatus.BAD_REQUEST, "bad_request", reason);
    }

    public static HttpError notAuthorised(String reason) {
        return new HttpError(HttpResponseStatus.UNAUTHORIZED, "not_authorised", reason);
    }

    public static HttpError forbidden(String reason) {
        return new HttpError(HttpResponseStatus.FORBIDDEN, "not_authorised", reason);
    }
}
