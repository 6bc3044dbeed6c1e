package dev.warren.http;

import dev.warren.config.Definitions;

/**
 * GET /api/definitions exports users, vhosts, permissions, exchanges, queues and bindings in the format
 * of {@code rabbitmqctl export_definitions}; POST imports such a file (see {@link Definitions}).
 */
final class DefinitionsHandlers {
    private final ApiContext api;

    DefinitionsHandlers(ApiContext api) {
        this.api = api;
    }

    void register(Router r) {
        r.get("/api/definitions", Access.ADMINISTRATOR, req -> Response.json(Definitions.export(api.broker, null)));
        r.post("/api/definitions", Access.ADMINISTRATOR, this::importAll);
        r.get("/api/definitions/{vhost}", Access.ADMINISTRATOR,
                req -> Response.json(Definitions.export(api.broker, api.vhost(req))));
    }

    Response importAll(Request r) {
        try {
            Definitions.importInto(api.broker, r.json());
        } catch (IllegalArgumentException e) {
            throw HttpError.badRequest(e.getMessage());
        }
        return Response.noContent();
    }
}
