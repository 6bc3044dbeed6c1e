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

    /**
     * A user who may not do this (missing tag, vhost without permissions). RabbitMQ answers these with
     * 401 too, not 403 (rabbit_mgmt_util:not_authorised), and so does Warren; only a failed login
     * carries the WWW-Authenticate challenge.
     */
    public static HttpError notAllowed(String reason) {
        return new HttpError(HttpResponseStatus.UNAUTHORIZED, "not_authorised", reason);
    }

    /** True for a failed login, which gets a WWW-Authenticate challenge. */
    public boolean loginFailed() {
        return status.equals(HttpResponseStatus.UNAUTHORIZED) && "Login failed".equals(getMessage());
    }
}
